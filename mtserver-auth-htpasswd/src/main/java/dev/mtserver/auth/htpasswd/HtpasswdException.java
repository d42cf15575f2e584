package dev.mtserver.auth.htpasswd;

/**
 * An {@code htpasswd} file that cannot be used: missing, unreadable, not UTF-8, or with an entry in
 * a refused format. The message names the file and the line and says how to make a bcrypt entry; it
 * never contains a password or a hash. At start the command line prints it and exits; on a re-read
 * it is logged and the users read before stay.
 */
public final class HtpasswdException extends Exception {
  private static final long serialVersionUID = 1L;

  public HtpasswdException(String message) {
    super(message);
  }

  public HtpasswdException(String message, Throwable cause) {
    super(message, cause);
  }
}
