package dev.mtserver.domain.resumable;

/**
 * A client described a resumable upload in a way the protocol does not allow: metadata that is not
 * {@code key base64} pairs, a checksum of an unknown algorithm or the wrong length. The HTTP layer
 * answers {@code 400 Bad Request}. The message names the rule that was broken and never repeats
 * what the client sent.
 */
public final class MalformedUploadRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MalformedUploadRequestException(String message) {
    super(message);
  }
}
