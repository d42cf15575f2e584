package dev.mtserver.http.codec;

import dev.mtserver.grammar.Tokens;

/**
 * How a request's body is delimited (RFC 9112 §6.3), decided once from its head.
 *
 * <p>The rules are strict on purpose: any head that two HTTP implementations could frame
 * differently is refused, and the caller closes the connection, so nothing after it can be read as
 * a request (request smuggling). See {@code docs/adr/0004-message-framing.md}.
 */
public sealed interface BodyFraming {

  /** No body at all. */
  record None() implements BodyFraming {}

  /** Exactly {@code length} bytes follow the head. */
  record Fixed(long length) implements BodyFraming {}

  /** A chunked body follows. */
  record Chunked() implements BodyFraming {}

  /** The one instance of {@link None}. */
  None NONE = new None();

  /** The one instance of {@link Chunked}. */
  Chunked CHUNKED = new Chunked();

  /**
   * Applies RFC 9112 §6.1–§6.3:
   *
   * <ul>
   *   <li>{@code Transfer-Encoding} is accepted only as one field line whose value is exactly
   *       {@code chunked}, on HTTP/1.1, without {@code Content-Length};
   *   <li>a {@code chunked} that is not last, repeated, or spelled in another case, an empty list
   *       element or a non-token: 400; codings this server does not implement ({@code gzip}, {@code
   *       xchunked}...): 501; on HTTP/1.0: 400; together with {@code Content-Length}: 400;
   *   <li>{@code Content-Length} is one or more field lines of digits only, all of the same value;
   *       anything else (sign, list, hex, empty, overflow, disagreement) is 400.
   * </ul>
   */
  static BodyFraming of(RequestHead head) throws HttpProtocolException {
    HttpFields fields = head.fields();
    int transferEncodings = fields.count("Transfer-Encoding");
    boolean hasContentLength = fields.contains("Content-Length");
    if (transferEncodings > 0) {
      if (head.version() == HttpVersion.HTTP_1_0) {
        throw new HttpProtocolException(400, "Transfer-Encoding on HTTP/1.0");
      }
      if (hasContentLength) {
        throw new HttpProtocolException(400, "Both Content-Length and Transfer-Encoding");
      }
      if (transferEncodings > 1) {
        throw new HttpProtocolException(400, "Repeated Transfer-Encoding");
      }
      return transferCoding(fields.first("Transfer-Encoding").orElseThrow());
    }
    if (hasContentLength) {
      long length = -1;
      for (String value : fields.all("Content-Length")) {
        long parsed = parseContentLength(value);
        if (length != -1 && parsed != length) {
          throw new HttpProtocolException(400, "Conflicting Content-Length");
        }
        length = parsed;
      }
      return length == 0 ? NONE : new Fixed(length);
    }
    return NONE;
  }

  private static BodyFraming transferCoding(String value) throws HttpProtocolException {
    if (value.equals("chunked")) {
      return CHUNKED;
    }
    int exact = 0;
    int anyCase = 0;
    boolean chunkedLast = false;
    for (String element : value.split(",", -1)) {
      String coding = element.strip();
      int semicolon = coding.indexOf(';'); // a transfer-parameter: "gzip;q=1" names "gzip"
      String name = (semicolon < 0 ? coding : coding.substring(0, semicolon)).strip();
      if (!Tokens.isToken(name)) {
        throw new HttpProtocolException(400, "Bad Transfer-Encoding");
      }
      chunkedLast = name.equals("chunked") && semicolon < 0;
      exact += chunkedLast ? 1 : 0;
      anyCase += name.equalsIgnoreCase("chunked") ? 1 : 0;
    }
    if (anyCase > 0 && (anyCase != 1 || exact != 1 || !chunkedLast)) {
      throw new HttpProtocolException(400, "Bad Transfer-Encoding");
    }
    throw new HttpProtocolException(501, "Transfer-Encoding not implemented");
  }

  private static long parseContentLength(String value) throws HttpProtocolException {
    int i = 0;
    while (i < value.length() - 1 && value.charAt(i) == '0') {
      i++; // leading zeros are allowed by the grammar and do not count towards the overflow guard
    }
    if (value.isEmpty() || value.length() - i > 18) {
      throw new HttpProtocolException(400, "Bad Content-Length");
    }
    long length = 0;
    for (; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new HttpProtocolException(400, "Bad Content-Length");
      }
      length = length * 10 + (c - '0');
    }
    return length;
  }
}
