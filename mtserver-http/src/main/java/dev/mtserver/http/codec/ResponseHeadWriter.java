package dev.mtserver.http.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Serialises a status line and header fields (RFC 9112 §4 and §5) into bytes ready for one write.
 * Field names and values are written as given: callers never put client-supplied CR or LF in them.
 */
public final class ResponseHeadWriter {

  private ResponseHeadWriter() {}

  /** The head as a buffer ready to write, ending with the empty line. */
  public static ByteBuffer write(HttpVersion version, int status, HttpFields fields) {
    StringBuilder head = new StringBuilder(256);
    head.append(version.text()).append(' ').append(status).append(' ')
        .append(StatusCodes.reason(status)).append("\r\n");
    for (int i = 0; i < fields.size(); i++) {
      String value = fields.value(i);
      checkNoLineBreak(value);
      head.append(fields.name(i)).append(": ").append(value).append("\r\n");
    }
    head.append("\r\n");
    return ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void checkNoLineBreak(String value) {
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("header value contains a line break");
    }
  }
}
