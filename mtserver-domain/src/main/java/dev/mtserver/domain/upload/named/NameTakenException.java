package dev.mtserver.domain.upload.named;

import java.io.IOException;

/**
 * The exact name a file was to be published under is taken (perhaps by an upload that committed a
 * moment earlier). Nothing was replaced and the new bytes were thrown away; the HTTP layer answers
 * {@code 409 Conflict}.
 */
public final class NameTakenException extends IOException {
  private static final long serialVersionUID = 1L;

  public NameTakenException(String name) {
    super("the name is taken: " + name);
  }
}
