package dev.mtserver.domain.upload;

import java.io.IOException;
import java.util.Locale;

/**
 * The store ran out of space (or quota) while keeping an upload. Whatever was written for it has
 * been removed; the HTTP layer answers 507 Insufficient Storage and keeps serving.
 */
public final class StorageFullException extends IOException {
  private static final long serialVersionUID = 1L;

  public StorageFullException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * True when an operating system's reason for a failed write means the storage is full: ENOSPC
   * ("No space left on device"), EDQUOT ("Disk quota exceeded"), or a "disk full" message. The JDK
   * reports these only as text; adapters pass the reason alone, never a message that also holds a
   * file name, which a client may have chosen.
   */
  public static boolean meansFull(String osReason) {
    if (osReason == null) {
      return false;
    }
    String reason = osReason.toLowerCase(Locale.ROOT);
    return reason.contains("no space left")
        || reason.contains("quota exceeded")
        || reason.contains("disk full");
  }
}
