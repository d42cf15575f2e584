package dev.mtserver.domain.resumable;

/** What became of a request to terminate an upload ({@code DELETE}). */
public sealed interface TerminateOutcome {

  /**
   * {@code 204}: the upload and its bytes are gone; later requests for it get 404. A published file
   * stays in the uploads area: only the record of the upload is dropped.
   */
  record Terminated() implements TerminateOutcome {}

  /** {@code 404}: no such upload. */
  record Unknown() implements TerminateOutcome {}

  /** {@code 423 Locked}: a chunk is being appended right now; the client may try again. */
  record Locked() implements TerminateOutcome {}
}
