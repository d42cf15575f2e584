package dev.mtserver.transport.socket;

/**
 * The read side of one connection as the other threads see it — whether a read is blocked, what for
 * and until when, and whether reads have been stopped for good — as a small state machine:
 *
 * <pre>
 *   READY --begin--> WAITING --end--> READY
 *   WAITING --expire (deadline passed; the watchdog)--> TIMED_OUT
 *   WAITING --closeIfIdle (holds no request; drain or make room)--> CLOSED_IDLE
 *   READY --closeBeforeIdleWait (the worker, finding the server draining)--> CLOSED_IDLE
 * </pre>
 *
 * TIMED_OUT and CLOSED_IDLE are final: every later read fails with a timeout, or sees end of
 * stream. Not thread-safe by itself: the worker, the {@link DeadlineWatchdog} and the shutdown call
 * it only while holding their {@link SocketConnection}'s monitor, the same one that guards closing
 * the channel.
 */
final class ReadDeadline {

  enum State {
    /** No read is blocked. */
    READY,
    /** A read is blocked, waiting for {@link #waitingFor()} until the deadline. */
    WAITING,
    /** A deadline passed while a read was blocked: reads fail with a timeout from now on. */
    TIMED_OUT,
    /**
     * Closed while it held no request (a drain, or a newcomer's permit): reads see end of stream.
     */
    CLOSED_IDLE
  }

  private State state = State.READY;
  private ReadWait wait;
  private long deadline;
  private boolean timeoutCounted;

  State state() {
    return state;
  }

  /** Whether reads have been stopped for good (timed out, or closed while idle). */
  boolean stopped() {
    return state == State.TIMED_OUT || state == State.CLOSED_IDLE;
  }

  /**
   * What the blocked read waits for; meaningful while {@link State#WAITING} (and after, for
   * counting).
   */
  ReadWait waitingFor() {
    return wait;
  }

  /**
   * A read blocks now, waiting for {@code what} until {@code deadline} ({@code System.nanoTime()}).
   */
  void begin(ReadWait what, long deadline) {
    if (state != State.READY) {
      throw new IllegalStateException("a read begins while " + state);
    }
    this.state = State.WAITING;
    this.wait = what;
    this.deadline = deadline;
  }

  /** The blocked read returned; a stopped read side stays stopped. */
  void end() {
    if (state == State.WAITING) {
      state = State.READY;
    }
  }

  /**
   * The watchdog's check: a blocked read whose deadline has passed times out.
   *
   * @return whether it did now (the caller then wakes the read)
   */
  boolean expire(long now) {
    if (state == State.WAITING && now - deadline >= 0) {
      state = State.TIMED_OUT;
      return true;
    }
    return false;
  }

  /**
   * Closes a read that waits while holding no request (for the next request, or lingering).
   *
   * @return whether it did (the caller then wakes the read)
   */
  boolean closeIfIdle() {
    if (state == State.WAITING && wait.holdsNoRequest()) {
      state = State.CLOSED_IDLE;
      return true;
    }
    return false;
  }

  /** The worker, about to wait for the next request, found the server draining: no wait begins. */
  void closeBeforeIdleWait() {
    if (state == State.READY) {
      state = State.CLOSED_IDLE;
    }
  }

  /**
   * When the current wait for the next request (or lingering) runs out; {@link Long#MAX_VALUE} when
   * no read waits holding no request. The earliest belongs to the longest idle.
   */
  long idleWaitDeadline() {
    return state == State.WAITING && wait.holdsNoRequest() ? deadline : Long.MAX_VALUE;
  }

  /**
   * Whether a timeout should be counted now: true once per connection (one timeout ends it),
   * whether the watchdog caught it or the worker found a deadline already passed.
   */
  boolean countTimeout() {
    if (timeoutCounted) {
      return false;
    }
    timeoutCounted = true;
    return true;
  }
}
