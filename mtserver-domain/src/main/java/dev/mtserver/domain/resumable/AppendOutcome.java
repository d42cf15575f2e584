package dev.mtserver.domain.resumable;

/**
 * What became of a chunk. Only {@link Appended} changed the upload; every refusal left it exactly
 * as it was (nothing of the chunk is kept). When the client's body fails midway instead (the
 * connection drops), there is no outcome: {@link ResumableUploadUseCase#append} keeps what arrived,
 * unless a checksum was sent, and throws.
 */
public sealed interface AppendOutcome {

  /**
   * {@code 204} with the new {@code Upload-Offset} and {@code Upload-Expires}; once the upload is
   * published, also the stored file's location.
   */
  record Appended(UploadStatus status) implements AppendOutcome {}

  /** {@code 404}: no such upload. */
  record Unknown() implements AppendOutcome {}

  /** {@code 410 Gone}: the upload expired. */
  record Gone() implements AppendOutcome {}

  /**
   * {@code 423 Locked}: another request is appending to, or terminating, this upload right now
   * (perhaps the client's own, still being read after its connection dropped). The protocol leaves
   * this case open; 423 is what tusd answers and what tus-js-client retries after a pause.
   */
  record Locked() implements AppendOutcome {}

  /**
   * {@code 409 Conflict}: the upload stands at {@code currentOffset}, not where the client said.
   */
  record OffsetMismatch(long currentOffset) implements AppendOutcome {}

  /**
   * {@code 413}: the chunk would take the upload past its length, or a deferred upload past {@code
   * limit} ({@code maxUploadSize}), or the declared length is above it.
   */
  record TooLarge(long limit) implements AppendOutcome {}

  /**
   * {@code 507 Insufficient Storage}: a deferred upload may not grow further within {@code
   * maxUnfinishedBytes}.
   */
  record InsufficientStorage(long bytesAvailable) implements AppendOutcome {}

  /**
   * {@code 400}: the declared {@code Upload-Length} contradicts the upload (it was known already
   * and differs, or is below what was received).
   */
  record LengthConflict(String reason) implements AppendOutcome {}

  /** {@code 460 Checksum Mismatch}: the chunk's bytes do not have the digest the client sent. */
  record ChecksumMismatch() implements AppendOutcome {}
}
