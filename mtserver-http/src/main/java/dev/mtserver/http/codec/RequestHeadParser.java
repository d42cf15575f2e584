package dev.mtserver.http.codec;

import dev.mtserver.grammar.FieldLine;
import dev.mtserver.grammar.Tokens;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.memory.MemoryLease;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Parses a request line and header block (RFC 9112 §2–§5) from an {@link HttpInput}, within {@link
 * HttpLimits}.
 *
 * <p>The grammar is applied strictly, byte by byte, as the lines arrive:
 *
 * <ul>
 *   <li>lines end with CRLF; a bare CR or LF, NUL or any other control character but HTAB is 400;
 *   <li>up to {@value #MAX_LEADING_EMPTY_LINES} empty lines before the request line are skipped
 *       (RFC 9112 §2.2);
 *   <li>request-line = method SP request-target SP HTTP-version, with exactly one SP between the
 *       parts; the method is a case-sensitive token, the target printable ASCII; {@code HTTP/1.0}
 *       and {@code HTTP/1.1} are served, any other well-formed version gets 505;
 *   <li>field-name is a token directly followed by {@code :} (no whitespace before the colon);
 *       leading and trailing OWS of a value is dropped; a line starting with whitespace (obs-fold)
 *       is 400;
 *   <li>{@code Content-Length} and {@code Transfer-Encoding} values may not carry any whitespace
 *       beyond one SP after the colon, so no two parsers can read them differently (see {@code
 *       docs/adr/0004-message-framing.md});
 *   <li>a request line longer than its limit is 414, unless its method has not ended within the
 *       limit: a method longer than any the server implements is 501 (RFC 9112 §3), and the target,
 *       which 414 is about, was never reached; a longer field line, a larger block or more fields
 *       than allowed is 431.
 * </ul>
 *
 * <p>The head's buffer grows past its first kilobyte only by reserving from the connection's {@link
 * MemoryLease}; when the server's request-memory budget is spent, {@link #parse} throws {@link
 * dev.mtserver.http.memory.RequestMemoryExhaustedException} (answered 503).
 *
 * <p>One parser serves one connection: it keeps the head's bytes in a buffer it reuses for the next
 * request, and the returned head's {@link HttpFields} read from that buffer (see {@link
 * HttpFields}). Not thread-safe.
 */
public final class RequestHeadParser {

  /** RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line. */
  static final int MAX_LEADING_EMPTY_LINES = 8;

  private static final String TOO_LARGE = "Request header fields too large";
  private static final byte[] HTTP_1_1 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);

  private final HttpLimits limits;
  private final HeadBytes head;
  private final FieldLine fieldLine = new FieldLine();

  /** Length of the current head's request line once it has been read whole; -1 before. */
  private int requestLineLength = -1;

  /** A parser whose head buffer may grow without a memory budget: for tests and tools. */
  public RequestHeadParser(HttpLimits limits) {
    this(limits, MemoryBudget.unbounded().lease());
  }

  /**
   * @param memory the connection's lease, which the head buffer's growth is reserved from
   */
  public RequestHeadParser(HttpLimits limits, MemoryLease memory) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.head = new HeadBytes(Objects.requireNonNull(memory, "memory"));
  }

  /**
   * Reads the next request head. The {@link HttpFields} of the head returned before become
   * unreadable: one connection handles one request at a time.
   *
   * @return the head, or {@code null} when the client closed the connection cleanly between
   *     requests
   * @throws HttpProtocolException when the head breaks the grammar or a limit; its status says
   *     which (400, 414, 431, 501, 505)
   * @throws dev.mtserver.http.memory.RequestMemoryExhaustedException when the head's buffer may not
   *     grow: the server's request-memory budget is spent
   */
  public RequestHead parse(HttpInput input) throws IOException, HttpProtocolException {
    head.reset();
    requestLineLength = -1;
    int lineLength;
    int emptyLines = 0;
    do {
      try {
        lineLength =
            input.readLineInto(head, limits.maxRequestLineBytes(), 414, "Request line too long");
      } catch (HttpProtocolException e) {
        throw e.status() == 414 ? tooLongRequestLine(e) : e;
      }
      if (lineLength < 0) {
        return null;
      }
      if (lineLength == 0 && ++emptyLines > MAX_LEADING_EMPTY_LINES) {
        throw new HttpProtocolException(400, "Bad request line");
      }
    } while (lineLength == 0);
    requestLineLength = lineLength;

    byte[] b = head.bytes;
    int methodEnd = 0;
    while (methodEnd < lineLength && b[methodEnd] != ' ') {
      if (!Tokens.isTokenByte(b[methodEnd])) {
        throw new HttpProtocolException(400, "Bad request line");
      }
      methodEnd++;
    }
    int targetStart = methodEnd + 1;
    int targetEnd = targetStart;
    while (targetEnd < lineLength && b[targetEnd] != ' ') {
      int c = b[targetEnd] & 0xff;
      if (c <= 0x20 || c >= 0x7f) {
        throw new HttpProtocolException(400, "Bad request line");
      }
      targetEnd++;
    }
    if (methodEnd == 0 || targetEnd == targetStart || targetEnd >= lineLength) {
      throw new HttpProtocolException(400, "Bad request line");
    }
    HttpVersion version = version(b, targetEnd + 1, lineLength);
    String method = Methods.of(b, methodEnd);
    String target =
        new String(b, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1);
    parseFields(input);
    return new RequestHead(method, target, version, new HttpFields(head));
  }

  /**
   * A request line over its limit, of which the buffer holds the part within the limit: 414 if the
   * method ended in it (the target is what is too long), 400 if the method has a byte no method may
   * have, else 501, because the method itself is longer than any this server implements.
   */
  private HttpProtocolException tooLongRequestLine(HttpProtocolException uriTooLong) {
    byte[] b = head.bytes;
    for (int i = 0; i < head.length; i++) {
      if (b[i] == ' ') {
        return uriTooLong;
      }
      if (!Tokens.isTokenByte(b[i])) {
        return new HttpProtocolException(400, "Bad request line");
      }
    }
    return new HttpProtocolException(501, "Method not implemented");
  }

  /**
   * The request line of the last head, as far as it was read: after {@link #parse} failed, what the
   * access log shows for a request that never became one. Only bytes that passed the line reader
   * are included (no CR, LF or other control bytes but HTAB), decoded as ISO-8859-1; empty when
   * nothing of the line was read.
   */
  public String requestLineSeen() {
    int length = requestLineLength >= 0 ? requestLineLength : head.length;
    return new String(head.bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  private static HttpVersion version(byte[] b, int from, int to) throws HttpProtocolException {
    if (to - from == 8) {
      if (java.util.Arrays.equals(b, from, to, HTTP_1_1, 0, 8)) {
        return HttpVersion.HTTP_1_1;
      }
      if (java.util.Arrays.equals(b, from, to, HTTP_1_0, 0, 8)) {
        return HttpVersion.HTTP_1_0;
      }
      if (java.util.Arrays.equals(b, from, from + 5, HTTP_1_1, 0, 5)
          && isDigit(b[from + 5])
          && b[from + 6] == '.'
          && isDigit(b[from + 7])) {
        throw new HttpProtocolException(505, "HTTP version not supported");
      }
    }
    throw new HttpProtocolException(400, "Bad request line");
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private void parseFields(HttpInput input) throws IOException, HttpProtocolException {
    int blockBytes = 0;
    while (true) {
      int lineStart = head.length;
      // The block's bytes count CRLFs; the empty line that ends it always fits.
      int room = Math.max(0, limits.maxHeaderBlockBytes() - blockBytes - 2);
      int length =
          input.readLineInto(head, Math.min(limits.maxHeaderLineBytes(), room), 431, TOO_LARGE);
      if (length < 0) {
        throw new HttpProtocolException(400, "Incomplete request");
      }
      if (length == 0) {
        return;
      }
      blockBytes += length + 2;
      if (head.fieldCount == limits.maxHeaderCount()) {
        throw new HttpProtocolException(431, TOO_LARGE);
      }
      parseField(lineStart, lineStart + length);
    }
  }

  private void parseField(int lineStart, int lineEnd) throws HttpProtocolException {
    byte[] b = head.bytes;
    switch (fieldLine.split(b, lineStart, lineEnd)) {
      case VALUE -> {
        int colon = fieldLine.nameEnd();
        if (isFramingField(b, lineStart, colon)) {
          checkFramingValue(b, colon + 1, lineEnd, fieldLine.valueStart(), fieldLine.valueEnd());
        }
        head.addField(lineStart, colon, fieldLine.valueStart(), fieldLine.valueEnd());
      }
      // obs-fold, or whitespace between the request line and the first field (RFC 9112 §2.2)
      case FOLDED -> throw new HttpProtocolException(400, "Obsolete line folding");
      default -> throw new HttpProtocolException(400, "Bad header field"); // no name, or no colon
    }
  }

  private static boolean isFramingField(byte[] b, int from, int to) {
    return Tokens.equalsIgnoreCase(b, from, to, "Content-Length")
        || Tokens.equalsIgnoreCase(b, from, to, "Transfer-Encoding");
  }

  /**
   * A framing value is exactly {@code ":" [SP] value CRLF}: no tab, no second space, nothing after
   * it, and not empty. Such whitespace is legal OWS elsewhere, but it is how smuggling payloads
   * hide a {@code chunked} from one parser and show it to another.
   */
  private static void checkFramingValue(
      byte[] b, int rawStart, int rawEnd, int valueStart, int valueEnd)
      throws HttpProtocolException {
    int expectedStart = rawStart < rawEnd && b[rawStart] == ' ' ? rawStart + 1 : rawStart;
    boolean clean = valueStart == expectedStart && valueEnd == rawEnd && valueStart < valueEnd;
    for (int i = valueStart; clean && i < valueEnd; i++) {
      clean = b[i] != '\t';
    }
    if (!clean) {
      throw new HttpProtocolException(400, "Bad message framing");
    }
  }

  /** Well-known methods as shared constants, so a request line allocates no method string. */
  private static final class Methods {
    private static final String[] KNOWN = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE"
    };
    private static final byte[][] KNOWN_BYTES = new byte[KNOWN.length][];

    static {
      for (int i = 0; i < KNOWN.length; i++) {
        KNOWN_BYTES[i] = KNOWN[i].getBytes(StandardCharsets.US_ASCII);
      }
    }

    static String of(byte[] b, int length) {
      for (int i = 0; i < KNOWN.length; i++) {
        byte[] known = KNOWN_BYTES[i];
        if (known.length == length && java.util.Arrays.equals(known, 0, length, b, 0, length)) {
          return KNOWN[i];
        }
      }
      return new String(b, 0, length, StandardCharsets.ISO_8859_1);
    }
  }
}
