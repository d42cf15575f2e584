package dev.mtserver.domain.path;

/**
 * Thrown when a string or segment list cannot be a {@link SitePath}; the message is safe to log.
 */
public final class InvalidSitePathException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidSitePathException(String message) {
    super(message);
  }
}
