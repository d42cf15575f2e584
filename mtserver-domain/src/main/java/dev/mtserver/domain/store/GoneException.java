package dev.mtserver.domain.store;

import java.io.IOException;

/**
 * An entry a store found a moment ago is not there any more: deleted, renamed, or replaced by
 * something else (another version of an object, a file swapped for a link) between the look-up and
 * the read. Nothing was sent from it. The HTTP layer answers {@code 404}, as if the look-up had
 * come a moment later.
 *
 * <p>Adapters translate their own exceptions into it (the file system's {@code
 * NoSuchFileException}, an object store's 404 or 412 on a conditional read), so that no handler
 * needs to know which store it reads.
 */
public final class GoneException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message for the log only, never shown to a client
   */
  public GoneException(String message, Throwable cause) {
    super(message, cause);
  }
}
