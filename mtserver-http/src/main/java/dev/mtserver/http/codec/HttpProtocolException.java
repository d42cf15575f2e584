package dev.mtserver.http.codec;

/**
 * The client sent something the server will not accept. Carries the status code to answer with and
 * a short reason that is safe to show the client (it never contains client bytes or internals).
 * After a protocol error the connection is always closed, because the framing of whatever follows
 * can no longer be trusted.
 */
public final class HttpProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  public HttpProtocolException(int status, String safeReason) {
    super(safeReason, null, false, false); // no stack trace: this is an expected, frequent event
    this.status = status;
  }

  /** The HTTP status to answer with, such as 400, 414, 431, 501 or 505. */
  public int status() {
    return status;
  }

  /** A short, fixed explanation safe to put in the response body. */
  public String safeReason() {
    return getMessage();
  }
}
