package dev.mtserver.http.memory;

import java.io.IOException;

/**
 * The server holds as much request data in memory as its {@link MemoryBudget} allows: this request
 * cannot be taken in now. Not the client's fault and not a failure of the server: it is answered
 * {@code 503 Service Unavailable} with {@code Retry-After}, and the connection closes (part of the
 * request may be unread). An {@link IOException} because it is thrown from the places that read
 * request bytes.
 */
public final class RequestMemoryExhaustedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** When to try again: memory frees as the requests holding it finish, usually within a second. */
  public static final int RETRY_AFTER_SECONDS = 1;

  /** The reason shown to the client: fixed, safe. */
  public static final String REASON =
      "The server is holding too much request data; try again shortly";

  RequestMemoryExhaustedException() {
    super(REASON, null);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // expected under load, and thrown where memory is short: no stack to fill
  }
}
