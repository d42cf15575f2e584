package dev.mtserver.domain.content;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.Optional;

/**
 * A strong entity tag (RFC 9110 §8.8.3), kept as it is sent: quoted, such as {@code
 * "6959b3c0.1dcd6500-400"}. Opaque to everyone but the store that made it; two tags are equal when
 * their bytes are, which is all a strong comparison asks.
 *
 * @param value the quoted tag: {@code "}, then only the characters RFC 9110 allows inside ({@code
 *     !}, {@code #} to {@code ~}, and bytes above 0x7F; no space, no inner quote), then {@code "};
 *     never weak ({@code W/}), so it can be sent as is and compared byte for byte
 */
public record EntityTag(String value) {

  public EntityTag {
    Objects.requireNonNull(value, "value");
    checkArgument(isStrong(value), "not a quoted strong entity tag: %s", value);
  }

  /**
   * The tag a store sent, as a strong tag: {@code "abc"} as is, a bare {@code abc} quoted; empty
   * when it is missing or cannot be one (weak, or holding a character a tag may not).
   */
  public static Optional<EntityTag> fromStore(String sent) {
    if (sent == null || sent.isEmpty()) {
      return Optional.empty();
    }
    String quoted = sent.startsWith("\"") ? sent : "\"" + sent + "\"";
    return isStrong(quoted) ? Optional.of(new EntityTag(quoted)) : Optional.empty();
  }

  /**
   * This tag for the same bytes in a content coding ({@code "abc-gzip"} for {@code "abc"}), so that
   * the plain and the compressed representations never share a tag (RFC 9110 §8.8.3).
   */
  public EntityTag withCoding(ContentCoding coding) {
    return new EntityTag(value.substring(0, value.length() - 1) + "-" + coding.token() + "\"");
  }

  /**
   * True for {@code "..."} holding only the characters RFC 9110 §8.8.3 allows inside an entity tag.
   */
  public static boolean isStrong(String tag) {
    if (tag.length() < 2 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
      return false;
    }
    for (int i = 1; i < tag.length() - 1; i++) {
      char c = tag.charAt(i);
      if (!(c == 0x21 || (c >= 0x23 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) {
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
