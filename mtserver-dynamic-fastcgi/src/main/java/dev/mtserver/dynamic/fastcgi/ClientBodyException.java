package dev.mtserver.dynamic.fastcgi;

import java.io.IOException;

/**
 * Reading the client's request body failed while it was being sent to php-fpm. Carries the client's
 * exception, which the runner hands on unchanged (the HTTP layer answers it: 413 for a body over
 * the limit, nothing for a client that went away).
 */
final class ClientBodyException extends IOException {
  private static final long serialVersionUID = 1L;

  ClientBodyException(IOException clientFailure) {
    super(clientFailure.getMessage(), clientFailure);
  }

  /** The exception reading the body threw. */
  IOException clientFailure() {
    return (IOException) getCause();
  }
}
