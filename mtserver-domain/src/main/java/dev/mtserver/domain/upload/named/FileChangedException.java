package dev.mtserver.domain.upload.named;

import java.io.IOException;

/**
 * A stored file is no longer the version a replacement or a removal was made for: its entity tag
 * changed, or it is gone. Nothing was changed; the HTTP layer answers {@code 412 Precondition
 * Failed}.
 */
public final class FileChangedException extends IOException {
  private static final long serialVersionUID = 1L;

  public FileChangedException(String name) {
    super("the file changed meanwhile: " + name);
  }
}
