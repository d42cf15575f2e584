package dev.mtserver.dynamic.fastcgi;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * FastCGI's name-value pairs (the specification's section 3.4): the name's length, the value's
 * length, the name, the value. A length below 128 takes one byte; a longer one four, big-endian,
 * with the first byte's high bit set. Names and values are sent as UTF-8.
 */
final class NameValuePairs {

  /** The largest length the 31 bits of a four-byte length can say. */
  static final int MAX_LENGTH = Integer.MAX_VALUE;

  private NameValuePairs() {}

  /** One pair, encoded. */
  static byte[] encode(String name, String value) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream pair =
        new ByteArrayOutputStream(8 + nameBytes.length + valueBytes.length);
    putLength(pair, nameBytes.length);
    putLength(pair, valueBytes.length);
    pair.writeBytes(nameBytes);
    pair.writeBytes(valueBytes);
    return pair.toByteArray();
  }

  static void putLength(ByteArrayOutputStream out, int length) {
    checkArgument(length >= 0, "a length is never negative");
    if (length < 0x80) {
      out.write(length);
    } else {
      out.write((length >>> 24) | 0x80);
      out.write(length >>> 16);
      out.write(length >>> 8);
      out.write(length);
    }
  }
}
