package dev.mtserver.domain.resumable;

/**
 * What became of a request to create an upload. Each case names the status the HTTP layer sends.
 */
public sealed interface CreateOutcome {

  /**
   * {@code 201 Created}: {@code Location} is the upload's URL, {@code Upload-Expires} its expiry.
   */
  record Created(UploadStatus status) implements CreateOutcome {}

  /** {@code 413}: the announced length is above {@code maxUploadSize} ({@code Tus-Max-Size}). */
  record TooLarge(long maxUploadSize) implements CreateOutcome {}

  /**
   * {@code 503} with {@code Retry-After}: {@code maxUnfinishedUploads} uploads are unfinished
   * already; one will finish or expire. (tus clients retry a 5xx on their own.)
   */
  record TooManyUploads(int maxUnfinishedUploads) implements CreateOutcome {}

  /**
   * {@code 507 Insufficient Storage}: the announced length does not fit what unfinished uploads may
   * still take ({@code maxUnfinishedBytes}), or the store's free space.
   */
  record InsufficientStorage(long bytesAvailable) implements CreateOutcome {}
}
