package dev.mtserver.storage.postgres;

import java.io.IOException;

/**
 * The submission database cannot be used at start-up: unreachable, the log-in refused, the database
 * missing, or the schema could not be brought up to date. The message is one line fit for the
 * command line: it names the database ({@link PostgresConfig#describe()}) and the reason, never the
 * password. The app prints it and exits with status 1.
 */
public final class PostgresStartupException extends IOException {
  private static final long serialVersionUID = 1L;

  PostgresStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
