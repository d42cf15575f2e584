package dev.mtserver.domain.upload;

import java.io.IOException;

/**
 * The store ran out of space (or quota) while keeping an upload. Whatever was written for it has
 * been removed; the HTTP layer answers 507 Insufficient Storage and keeps serving.
 */
public final class StorageFullException extends IOException {
  private static final long serialVersionUID = 1L;

  public StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
