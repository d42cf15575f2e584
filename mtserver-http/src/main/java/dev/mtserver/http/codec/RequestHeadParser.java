package dev.mtserver.http.codec;

import java.io.IOException;

/**
 * Parses a request line and header block (RFC 9112 §3 and §5) from an {@link HttpInput}, within
 * {@link HttpLimits}. Reusable across requests on one connection; not thread-safe.
 */
public final class RequestHeadParser {

  /** RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line. */
  private static final int MAX_LEADING_EMPTY_LINES = 8;

  private final HttpLimits limits;

  public RequestHeadParser(HttpLimits limits) {
    this.limits = limits;
  }

  /**
   * Reads the next request head.
   *
   * @return the head, or {@code null} when the client closed the connection cleanly between
   *     requests
   */
  public RequestHead parse(HttpInput input) throws IOException, HttpProtocolException {
    String requestLine = input.readLine(limits.maxRequestLineBytes(), 414);
    for (int empty = 0; requestLine != null && requestLine.isEmpty(); empty++) {
      if (empty == MAX_LEADING_EMPTY_LINES) {
        throw new HttpProtocolException(400, "Bad request line");
      }
      requestLine = input.readLine(limits.maxRequestLineBytes(), 414);
    }
    if (requestLine == null) {
      return null;
    }
    int firstSpace = requestLine.indexOf(' ');
    int lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace) {
      throw new HttpProtocolException(400, "Bad request line");
    }
    String method = requestLine.substring(0, firstSpace);
    String target = requestLine.substring(firstSpace + 1, lastSpace);
    HttpVersion version = version(requestLine.substring(lastSpace + 1));
    if (!Tokens.isToken(method) || target.isEmpty() || !Tokens.isVisibleAscii(target)) {
      throw new HttpProtocolException(400, "Bad request line");
    }
    return new RequestHead(method, target, version, fields(input));
  }

  private static HttpVersion version(String text) throws HttpProtocolException {
    return switch (text) {
      case "HTTP/1.1" -> HttpVersion.HTTP_1_1;
      case "HTTP/1.0" -> HttpVersion.HTTP_1_0;
      default -> {
        if (text.length() == 8 && text.startsWith("HTTP/") && Character.isDigit(text.charAt(5))
            && text.charAt(6) == '.' && Character.isDigit(text.charAt(7))) {
          throw new HttpProtocolException(505, "HTTP version not supported");
        }
        throw new HttpProtocolException(400, "Bad request line");
      }
    };
  }

  private HttpFields fields(HttpInput input) throws IOException, HttpProtocolException {
    HttpFields fields = new HttpFields(16);
    int blockBytes = 0;
    while (true) {
      String line = input.readLine(limits.maxHeaderLineBytes(), 431);
      if (line == null) {
        throw new HttpProtocolException(400, "Incomplete request");
      }
      if (line.isEmpty()) {
        return fields;
      }
      blockBytes += line.length() + 2;
      if (blockBytes > limits.maxHeaderBlockBytes() || fields.size() == limits.maxHeaderCount()) {
        throw new HttpProtocolException(431, "Request header fields too large");
      }
      char first = line.charAt(0);
      if (first == ' ' || first == '\t') {
        throw new HttpProtocolException(400, "Obsolete line folding");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !Tokens.isToken(line, 0, colon)) {
        throw new HttpProtocolException(400, "Bad header field");
      }
      String value = line.substring(colon + 1).strip();
      if (!Tokens.isFieldValue(value)) {
        throw new HttpProtocolException(400, "Bad header field");
      }
      fields.add(line.substring(0, colon), value);
    }
  }
}
