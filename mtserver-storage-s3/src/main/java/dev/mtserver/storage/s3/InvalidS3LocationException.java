package dev.mtserver.storage.s3;

/**
 * An {@code s3://} location that cannot be used. The message is one line for the command line: the
 * location as given (control characters shown as {@code ?}) and what is wrong with it. The app
 * prints it and exits with status 2.
 */
public final class InvalidS3LocationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  InvalidS3LocationException(String location, String reason) {
    super(
        "invalid object-store location '"
            + com.google.common.base.CharMatcher.javaIsoControl().replaceFrom(location, '?')
            + "': "
            + reason);
  }
}
