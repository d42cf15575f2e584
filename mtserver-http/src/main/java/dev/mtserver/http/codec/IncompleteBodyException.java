package dev.mtserver.http.codec;

import java.io.IOException;

/** The client closed the connection before sending the whole body its head announced. */
public final class IncompleteBodyException extends IOException {
  private static final long serialVersionUID = 1L;

  public IncompleteBodyException(String message) {
    super(message);
  }
}
