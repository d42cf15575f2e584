package dev.mtserver.transport.socket;

/**
 * A live connection as {@link Admission} sees it: one whose permit may be reclaimed for a newcomer
 * while it holds no request (it waits for its next one, or lingers before its close).
 */
interface Reclaimable {

  /**
   * When its wait for the next request (or its lingering) runs out; {@link Long#MAX_VALUE} while it
   * is busy with a request. The earliest belongs to the connection idle longest.
   */
  long idleWaitDeadline();

  /** Closes it if it still holds no request; its worker then ends and gives its permit back. */
  boolean closeIfIdle();
}
