package dev.mtserver.http.conditional;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A satisfiable byte range of a representation, inclusive at both ends (RFC 9110 §14.1.1).
 *
 * @param first the first byte's offset
 * @param last the last byte's offset, never before {@code first}
 */
public record ByteRange(long first, long last) {

  public ByteRange {
    checkArgument(first >= 0 && last >= first, "need 0 <= first <= last");
  }

  public long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value for this range of a representation of {@code size} bytes. */
  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /** The {@code Content-Range} value of a 416: {@code bytes *}{@code /size}. */
  public static String unsatisfiedContentRange(long size) {
    return "bytes */" + size;
  }
}
