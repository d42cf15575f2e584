package dev.mtserver.dynamic.fastcgi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Byte tables as the specification draws them: hex bytes separated by spaces, with {@code 'text'}
 * for ASCII runs, so {@code "0b 06 'SCRIPT_NAME' '/a.php'"} is a name-value pair.
 */
final class Hex {

  private Hex() {}

  static byte[] bytes(String table) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < table.length()) {
      char c = table.charAt(i);
      if (c == ' ' || c == '|' || c == '\n') {
        i++;
      } else if (c == '\'') {
        int end = table.indexOf('\'', i + 1);
        out.writeBytes(table.substring(i + 1, end).getBytes(StandardCharsets.US_ASCII));
        i = end + 1;
      } else {
        out.write(Integer.parseInt(table.substring(i, i + 2), 16));
        i += 2;
      }
    }
    return out.toByteArray();
  }

  /** What was written into {@code buffer} (from 0 to its position). */
  static byte[] written(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.position()];
    buffer.flip().get(bytes);
    return bytes;
  }

  static String of(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    for (byte b : bytes) {
      text.append(String.format("%02x ", b & 0xff));
    }
    return text.toString().trim();
  }
}
