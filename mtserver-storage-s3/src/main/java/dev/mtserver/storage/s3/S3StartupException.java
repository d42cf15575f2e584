package dev.mtserver.storage.s3;

import java.io.IOException;

/**
 * The object store cannot be used at start-up: unreachable, too slow, the bucket missing, or the
 * credentials refused. The message is one line fit for the command line, naming the endpoint and
 * the bucket and saying why, never a secret. The app prints it and exits with status 1.
 */
public final class S3StartupException extends IOException {
  private static final long serialVersionUID = 1L;

  S3StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
