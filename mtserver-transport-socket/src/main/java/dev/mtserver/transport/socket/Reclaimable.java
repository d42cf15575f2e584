package dev.mtserver.transport.socket;

/**
 * A live connection as {@link Admission} sees it: one whose permit may be reclaimed for a newcomer
 * while it holds no request (it waits for its next one, or lingers before its close) — but not a
 * new connection in its first second, whose first request is likely on its way ({@link
 * ReadDeadline#FIRST_REQUEST_GRACE_NANOS}).
 */
interface Reclaimable {

  /**
   * When its wait for the next request (or its lingering) runs out; {@link Long#MAX_VALUE} while it
   * is busy with a request, or new and not yet idle at {@code now} ({@code System.nanoTime()}). The
   * earliest belongs to the connection idle longest.
   */
  long idleWaitDeadline(long now);

  /**
   * Closes it if it still is idle at {@code now}; its worker then ends and gives its permit back.
   */
  boolean closeForRoom(long now);
}
