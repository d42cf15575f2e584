package dev.mtserver.auth.htpasswd;

import com.google.common.primitives.ImmutableIntArray;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SHA-256-crypt ({@code $5$}) and SHA-512-crypt ({@code $6$}), Ulrich Drepper's "Unix crypt using
 * SHA-256 and SHA-512" as glibc implements it, which {@code htpasswd -2}/{@code -5}, {@code openssl
 * passwd -5}/{@code -6} and {@code mkpasswd} write. Neither the JDK nor BouncyCastle offers it, so
 * it is written here from the specification, step by step (the step numbers are the
 * specification's), and tested against the specification's own vectors and against hashes made by
 * those tools.
 *
 * <p>The salt is at most 16 characters, the rounds default to 5000 and are clamped to [1000,
 * 999,999,999]; {@code rounds=N$} appears in the output only when the setting named it.
 */
final class ShaCrypt {

  /** The two variants: prefix, digest, and the byte order of the final encoding. */
  enum Variant {
    SHA256(
        "$5$",
        "SHA-256",
        ImmutableIntArray.of(
            0, 10, 20, 21, 1, 11, 12, 22, 2, 3, 13, 23, 24, 4, 14, 15, 25, 5, 6, 16, 26, 27, 7, 17,
            18, 28, 8, 9, 19, 29, -1, 31, 30)),
    SHA512(
        "$6$",
        "SHA-512",
        ImmutableIntArray.of(
            0, 21, 42, 22, 43, 1, 44, 2, 23, 3, 24, 45, 25, 46, 4, 47, 5, 26, 6, 27, 48, 28, 49, 7,
            50, 8, 29, 9, 30, 51, 31, 52, 10, 53, 11, 32, 12, 33, 54, 34, 55, 13, 56, 14, 35, 15,
            36, 57, 37, 58, 16, 59, 17, 38, 18, 39, 60, 40, 61, 19, 62, 20, 41, -1, -1, 63));

    final String prefix;
    private final String digest;

    /** Digest byte indexes, three per group of four characters; -1 is a zero byte (the tail). */
    private final ImmutableIntArray order;

    Variant(String prefix, String digest, ImmutableIntArray order) {
      this.prefix = prefix;
      this.digest = digest;
      this.order = order;
    }

    MessageDigest newDigest() {
      try {
        return MessageDigest.getInstance(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(digest + " is in every JDK", e);
      }
    }
  }

  static final int DEFAULT_ROUNDS = 5000;
  static final int MIN_ROUNDS = 1000;
  static final int MAX_ROUNDS = 999_999_999;
  static final int MAX_SALT = 16;
  private static final String ROUNDS_PREFIX = "rounds=";
  private static final char[] ALPHABET =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private ShaCrypt() {}

  /**
   * {@code crypt(3)}: hashes {@code key} with the salt and rounds in {@code setting} (a full hash
   * may be given: only its prefix, rounds and salt are used).
   *
   * @throws IllegalArgumentException when {@code setting} does not start with {@code $5$} or {@code
   *     $6$}
   */
  static String crypt(byte[] key, String setting) {
    Variant variant =
        setting.startsWith(Variant.SHA256.prefix)
            ? Variant.SHA256
            : setting.startsWith(Variant.SHA512.prefix) ? Variant.SHA512 : null;
    if (variant == null) {
      throw new IllegalArgumentException("not a SHA-crypt setting");
    }
    String rest = setting.substring(3);
    int rounds = DEFAULT_ROUNDS;
    boolean roundsNamed = false;
    if (rest.startsWith(ROUNDS_PREFIX)) {
      int end = rest.indexOf('$');
      String digits = end < 0 ? "" : rest.substring(ROUNDS_PREFIX.length(), end);
      // as glibc: a rounds field that is not a decimal number is taken as part of the salt
      if (!digits.isEmpty()
          && digits.length() <= 18
          && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        rounds = (int) Math.max(MIN_ROUNDS, Math.min(MAX_ROUNDS, Long.parseLong(digits)));
        roundsNamed = true;
        rest = rest.substring(end + 1);
      }
    }
    int saltEnd = rest.indexOf('$');
    String saltText = rest.substring(0, Math.min(saltEnd < 0 ? rest.length() : saltEnd, MAX_SALT));
    byte[] salt = saltText.getBytes(StandardCharsets.UTF_8);
    byte[] hash = hash(variant, key, salt, rounds);
    StringBuilder out = new StringBuilder(variant.prefix);
    if (roundsNamed) {
      out.append(ROUNDS_PREFIX).append(rounds).append('$');
    }
    out.append(saltText).append('$');
    encode(variant, hash, out);
    Arrays.fill(hash, (byte) 0);
    return out.toString();
  }

  private static byte[] hash(Variant variant, byte[] key, byte[] salt, int rounds) {
    MessageDigest md = variant.newDigest();

    // Steps 4-8: digest B = H(key salt key)
    md.update(key);
    md.update(salt);
    md.update(key);
    byte[] b = md.digest();
    int size = b.length;

    // Steps 1-3, 9-12: digest A
    md.update(key);
    md.update(salt);
    for (int n = key.length; n > 0; n -= size) { // step 9-10: B for each block of the key's length
      md.update(b, 0, Math.min(n, size));
    }
    for (int n = key.length; n > 0; n >>= 1) { // step 11: for each bit of the key's length
      if ((n & 1) != 0) {
        md.update(b);
      } else {
        md.update(key);
      }
    }
    byte[] a = md.digest();

    // Steps 13-16: byte sequence P, from DP = H(key repeated key.length times)
    for (int i = 0; i < key.length; i++) {
      md.update(key);
    }
    byte[] p = repeat(md.digest(), key.length);

    // Steps 17-20: byte sequence S, from DS = H(salt repeated 16 + A[0] times)
    for (int i = 0; i < 16 + (a[0] & 0xff); i++) {
      md.update(salt);
    }
    byte[] s = repeat(md.digest(), salt.length);

    // Step 21: the rounds
    byte[] c = a;
    for (int i = 0; i < rounds; i++) {
      md.update((i & 1) != 0 ? p : c);
      if (i % 3 != 0) {
        md.update(s);
      }
      if (i % 7 != 0) {
        md.update(p);
      }
      md.update((i & 1) != 0 ? c : p);
      c = md.digest();
    }
    Arrays.fill(p, (byte) 0);
    Arrays.fill(b, (byte) 0);
    return c;
  }

  /** {@code length} bytes: {@code digest} repeated, the last copy cut short. */
  private static byte[] repeat(byte[] digest, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i += digest.length) {
      System.arraycopy(digest, 0, out, i, Math.min(digest.length, length - i));
    }
    return out;
  }

  /**
   * Step 22: crypt's base-64, three bytes (in the variant's order) to four characters, low bits
   * first.
   */
  private static void encode(Variant variant, byte[] hash, StringBuilder out) {
    ImmutableIntArray order = variant.order;
    for (int i = 0; i < order.length(); i += 3) {
      int w =
          (at(hash, order.get(i)) << 16)
              | (at(hash, order.get(i + 1)) << 8)
              | at(hash, order.get(i + 2));
      int chars = i + 3 < order.length() ? 4 : (variant == Variant.SHA256 ? 3 : 2);
      for (int n = 0; n < chars; n++) {
        out.append(ALPHABET[w & 0x3f]);
        w >>>= 6;
      }
    }
  }

  private static int at(byte[] hash, int index) {
    return index < 0 ? 0 : hash[index] & 0xff;
  }
}
