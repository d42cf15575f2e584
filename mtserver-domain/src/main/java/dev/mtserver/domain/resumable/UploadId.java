package dev.mtserver.domain.resumable;

import java.util.HexFormat;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The name of one resumable upload: 128 random bits written as 32 lower-case hexadecimal digits,
 * such as {@code 24e533e02ec3bc40c387f1a0e460e216}. It is the last segment of the upload's URL and
 * the stem of its files in a store, so it holds only characters that are safe in both, and means
 * the same on a case-insensitive file system.
 *
 * <p>Knowing the id is what lets a client append to or terminate an upload, so ids are drawn from a
 * {@link java.security.SecureRandom} and cannot be guessed from one another.
 */
public record UploadId(String value) {

  /** Random bits in an id. */
  public static final int BITS = 128;

  private static final int DIGITS = BITS / 4;

  public UploadId {
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException(
          "an upload id is " + DIGITS + " lower-case hexadecimal digits");
    }
  }

  /** A new id; {@code random} should be a {@link java.security.SecureRandom}. */
  public static UploadId random(RandomGenerator random) {
    byte[] bits = new byte[BITS / 8];
    random.nextBytes(bits);
    return new UploadId(HexFormat.of().formatHex(bits));
  }

  /**
   * The id spelled by {@code text}, or empty when it is not one (a URL segment a client made up).
   */
  public static Optional<UploadId> parse(String text) {
    return isWellFormed(text) ? Optional.of(new UploadId(text)) : Optional.empty();
  }

  private static boolean isWellFormed(String text) {
    if (text == null || text.length() != DIGITS) {
      return false;
    }
    for (int i = 0; i < DIGITS; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
