package dev.mtserver.domain.resumable;

/** What a client asking about an upload ({@code HEAD}) is told. */
public sealed interface StatusOutcome {

  /**
   * {@code 200} with {@code Cache-Control: no-store}, {@code Upload-Offset}, {@code Upload-Length}
   * or {@code Upload-Defer-Length: 1}, {@code Upload-Metadata} when there is some, {@code
   * Upload-Expires}, and the stored file's location once published.
   */
  record Found(UploadStatus status) implements StatusOutcome {}

  /** {@code 404}: no such upload (never created, terminated, or expired and swept). */
  record Unknown() implements StatusOutcome {}

  /** {@code 410 Gone}: the upload expired; the sweep will forget it. */
  record Gone() implements StatusOutcome {}
}
