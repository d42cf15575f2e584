package dev.mtserver.dynamic.fastcgi;

import java.io.IOException;

/** The script ran out of time (or php-fpm stopped taking its request body for as long). */
final class ScriptTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  ScriptTimeoutException(String message) {
    super(message);
  }
}
