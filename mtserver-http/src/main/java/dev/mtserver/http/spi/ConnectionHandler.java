package dev.mtserver.http.spi;

import java.io.IOException;
import java.time.Duration;

/**
 * Serves one client connection from its first byte to its end, on the calling thread.
 *
 * <p>The transport calls {@link #serve} once per accepted connection, on the worker thread that
 * owns it, and closes the connection after {@code serve} returns or throws. Implementations read
 * requests and write responses in a loop for as long as the connection stays persistent.
 */
@FunctionalInterface
public interface ConnectionHandler {

  void serve(ClientConnection connection) throws IOException;

  /**
   * Answers a connection the transport accepted while every worker was busy, so that what must stay
   * reachable under overload (a health check, the metrics) still is. The transport calls it on one
   * of its few refusal threads, with short read deadlines; it reads at most one request, answers it
   * — {@code 503} with {@code Retry-After: retryAfter} unless the request is one that must stay
   * reachable — and returns; the transport then closes the connection (lingering if asked to).
   *
   * <p>The default answers nothing and returns false: the transport then sends its own fixed 503.
   *
   * @param retryAfter when a refused client may try again
   * @return whether this handler answered (or deliberately closed) the connection; false if it has
   *     not touched it
   */
  default boolean serveOverloaded(ClientConnection connection, Duration retryAfter)
      throws IOException {
    return false;
  }
}
