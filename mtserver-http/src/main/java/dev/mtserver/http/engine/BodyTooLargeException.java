package dev.mtserver.http.engine;

import java.io.IOException;

/** A request body grew past its limit while streaming in; answered with 413 and a close. */
public final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  BodyTooLargeException(long limit) {
    super("request body larger than " + limit + " bytes", null);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // expected, client-caused
  }
}
