package dev.mtserver.domain.upload.named;

import java.io.IOException;

/**
 * No visible regular file has the name a removal was asked for (it never existed, was removed
 * meanwhile, or is a directory or a hidden name); the HTTP layer answers {@code 404}.
 */
public final class NoSuchStoredFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public NoSuchStoredFileException(String name) {
    super("no such stored file: " + name);
  }
}
