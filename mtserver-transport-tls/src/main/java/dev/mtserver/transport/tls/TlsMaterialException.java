package dev.mtserver.transport.tls;

/**
 * Certificates or keys that cannot be served: a file missing or unreadable, not PEM or PKCS#12, an
 * encrypted key, a key that does not belong to the certificate. The message is written for the
 * person who runs the server: it names the file and says what to do, and never contains key
 * material or a password. At start the command line prints it and exits; on a reload it is logged
 * and the certificate in use stays.
 */
public final class TlsMaterialException extends Exception {
  private static final long serialVersionUID = 1L;

  public TlsMaterialException(String message) {
    super(message);
  }

  public TlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
