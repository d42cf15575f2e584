package dev.mtserver.http.codec;

/**
 * How a request's body is delimited (RFC 9112 §6.3), decided once from its head.
 */
public sealed interface BodyFraming {

  /** No body at all. */
  record None() implements BodyFraming {}

  /** Exactly {@code length} bytes follow the head. */
  record Fixed(long length) implements BodyFraming {}

  /** A chunked body follows. */
  record Chunked() implements BodyFraming {}

  /**
   * Applies RFC 9112 §6: Transfer-Encoding wins only as a single, exact {@code chunked} on
   * HTTP/1.1; Content-Length must be digits, duplicates must agree; both together are refused.
   */
  static BodyFraming of(RequestHead head) throws HttpProtocolException {
    HttpFields fields = head.fields();
    boolean hasTransferEncoding = fields.contains("Transfer-Encoding");
    boolean hasContentLength = fields.contains("Content-Length");
    if (hasTransferEncoding) {
      if (head.version() == HttpVersion.HTTP_1_0) {
        throw new HttpProtocolException(400, "Transfer-Encoding on HTTP/1.0");
      }
      if (hasContentLength) {
        throw new HttpProtocolException(400, "Both Content-Length and Transfer-Encoding");
      }
      var codings = fields.all("Transfer-Encoding");
      if (codings.size() == 1 && codings.get(0).equals("chunked")) {
        return new Chunked();
      }
      if (codings.size() == 1 && Tokens.isToken(codings.get(0))
          && !codings.get(0).equalsIgnoreCase("chunked")) {
        throw new HttpProtocolException(501, "Transfer-Encoding not implemented");
      }
      throw new HttpProtocolException(400, "Bad Transfer-Encoding");
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
      return length == 0 ? new None() : new Fixed(length);
    }
    return new None();
  }

  private static long parseContentLength(String value) throws HttpProtocolException {
    if (value.isEmpty() || value.length() > 18) {
      throw new HttpProtocolException(400, "Bad Content-Length");
    }
    long length = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new HttpProtocolException(400, "Bad Content-Length");
      }
      length = length * 10 + (c - '0');
    }
    return length;
  }
}
