package dev.mtserver.http.codec;

import java.io.IOException;

/**
 * A request body broke its framing or its format: a bad chunk line, chunk data that does not end
 * where its size says, oversized trailers, or a malformed form or multipart body. Thrown from a
 * body stream's {@code read}, so it is an {@link IOException}; it carries the status to answer with
 * and a reason safe to show the client. The connection loop answers with that status (when no
 * response was sent yet) and closes the connection, since the body's end is no longer known.
 */
public final class MalformedBodyException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  public MalformedBodyException(int status, String safeReason) {
    super(safeReason);
    this.status = status;
  }

  /** The HTTP status to answer with, usually 400. */
  public int status() {
    return status;
  }

  /** A short, fixed explanation safe to put in the response body. */
  public String safeReason() {
    return getMessage();
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // expected and frequent: bad client input, not a bug
  }
}
