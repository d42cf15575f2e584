package dev.mtserver.http.engine;

import java.io.IOException;

/**
 * Thrown by a {@link ResponseBody.Region}'s source when what it would read is no longer what the
 * handler's response describes: the content changed or vanished between the handler's look-up and
 * the first read (another instance replaced an object in a shared store, say). Sending other bytes
 * under the old length and validators would be wrong, and nothing is wrong with the server either.
 *
 * <p>What the engine does with it: if no byte of the response has left yet (a body small enough to
 * be read before its head is) and the request is a {@code GET} or {@code HEAD} without a body, it
 * asks the handler once more, whose fresh look-up finds the new version or its absence; a second
 * stale body is answered {@code 503} with {@code Retry-After: 1}. Once bytes have left, the
 * connection is cut, as for any failure mid-body, so the client sees a short response rather than a
 * mixed one.
 */
public final class StaleBodyException extends IOException {

  private static final long serialVersionUID = 1L;

  public StaleBodyException(String message, Throwable cause) {
    super(message, cause);
  }
}
