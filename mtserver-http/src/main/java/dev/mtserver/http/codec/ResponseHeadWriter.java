package dev.mtserver.http.codec;

import dev.mtserver.grammar.FieldLine;
import dev.mtserver.grammar.Tokens;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Serialises a status line and header fields (RFC 9112 §4 and §5) into bytes ready for one write.
 *
 * <p>An instance keeps one buffer and reuses it, so a connection writes every response head without
 * allocating; the buffer returned by {@link #encode} is valid until the next call. Status lines are
 * prepared once per status code. Names must be tokens and values may hold only HTAB, visible
 * characters, SP and obs-text: a CR, LF, NUL or other control character (a response splitting
 * attempt, or a bug) is refused with {@link IllegalArgumentException} before anything is written.
 */
public final class ResponseHeadWriter {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] COLON_SP = {':', ' '};
  private static final byte[][] STATUS_LINES_1_1 = new byte[600][];
  private static final byte[][] STATUS_LINES_1_0 = new byte[600][];

  static {
    for (int status = 100; status < 600; status++) {
      if (!StatusCodes.reason(status).isEmpty()) {
        STATUS_LINES_1_1[status] = statusLine(HttpVersion.HTTP_1_1, status);
        STATUS_LINES_1_0[status] = statusLine(HttpVersion.HTTP_1_0, status);
      }
    }
  }

  private byte[] buffer = new byte[512];
  private int count;

  /**
   * The head in this writer's buffer, ending with the empty line; valid until the next call.
   *
   * @throws IllegalArgumentException for a status outside 100–599, a name that is not a token or a
   *     value with a control character
   */
  public ByteBuffer encode(HttpVersion version, int status, HttpFields fields) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status out of range: " + status);
    }
    count = 0;
    byte[] line = (version == HttpVersion.HTTP_1_1 ? STATUS_LINES_1_1 : STATUS_LINES_1_0)[status];
    append(line != null ? line : statusLine(version, status));
    for (int i = 0; i < fields.size(); i++) {
      appendName(fields.name(i));
      append(COLON_SP);
      appendValue(fields.value(i));
      append(CRLF);
    }
    append(CRLF);
    return ByteBuffer.wrap(buffer, 0, count);
  }

  private static byte[] statusLine(HttpVersion version, int status) {
    return (version.text() + ' ' + status + ' ' + StatusCodes.reason(status) + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private void appendName(String name) {
    ensure(name.length());
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty header name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Tokens.isTokenChar(c)) {
        throw new IllegalArgumentException("header name is not a token: " + name);
      }
      buffer[count++] = (byte) c;
    }
  }

  private void appendValue(String value) {
    ensure(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0xff || FieldLine.isLineControl(c)) {
        throw new IllegalArgumentException(
            "header value contains a control character or non-Latin-1 text");
      }
      buffer[count++] = (byte) c;
    }
  }

  private void append(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, count, bytes.length);
    count += bytes.length;
  }

  private void ensure(int more) {
    if (count + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + more));
    }
  }
}
