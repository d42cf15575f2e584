package dev.mtserver.domain.store;

import java.io.IOException;

/**
 * The store will not let this server read an entry it can see (the file system's permissions, an
 * object store's access policy). Nothing was sent. The HTTP layer answers {@code 404}, not {@code
 * 403}: a refusal looks exactly like a missing entry, as every other refusal of the containment
 * rules does, so a client learns nothing about what exists (ADR 0036).
 */
public final class AccessRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message for the log only, never shown to a client
   */
  public AccessRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
