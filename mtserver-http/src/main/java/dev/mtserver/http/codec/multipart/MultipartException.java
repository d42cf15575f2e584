package dev.mtserver.http.codec.multipart;

import java.io.IOException;

/**
 * A {@code multipart/form-data} body the server will not accept: malformed (400) or over a limit
 * (413). It is an {@link IOException} because it surfaces from the part bodies' {@code read}
 * methods; it carries the status to answer with and a reason safe to show the client.
 */
public final class MultipartException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public MultipartException(int status, String safeReason) {
    super(safeReason, null);
    this.status = status;
  }

  /** 400 or 413. */
  public int status() {
    return status;
  }

  /** A short, fixed explanation safe to put in the response body. */
  public String safeReason() {
    return getMessage();
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // an expected, client-caused event: no stack trace
  }
}
