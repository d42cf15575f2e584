package dev.mtserver.transport.socket;

import java.util.concurrent.TimeUnit;

/**
 * The read side of one connection as the other threads see it — whether a read is blocked, what for
 * and until when, and whether reads have been stopped for good — as a small state machine:
 *
 * <pre>
 *   READY --begin--> WAITING --end--> READY
 *   WAITING --expire (deadline passed; the watchdog)--> TIMED_OUT
 *   WAITING --closeIfIdle (holds no request; the drain)--> CLOSED_IDLE
 *   WAITING --closeForRoom (idle, and not a new connection's first moment; a newcomer)--> CLOSED_IDLE
 *   READY --closeBeforeIdleWait (the worker, finding the server draining)--> CLOSED_IDLE
 * </pre>
 *
 * <p>A wait holds no request when it is for the next request, or lingers before the close. But a
 * new connection's wait for its <em>first</em> request is not idle for a newcomer's sake until it
 * has lasted {@link #FIRST_REQUEST_GRACE_NANOS}: its request is almost surely on its way, and a
 * client whose request is cut off on a connection it just opened does not retry it, as one on a
 * kept-alive connection may (curl, browsers; RFC 9112 §9.3.1). The drain does not wait for it.
 *
 * <p>TIMED_OUT and CLOSED_IDLE are final: every later read fails with a timeout, or sees end of
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

  /**
   * How long a new connection may wait for its first request before a newcomer may take its permit.
   * A client sends its request right behind the handshake's last ACK, so it reaches the server
   * within a round trip of the accept (some 600 ms over a geostationary satellite, far less
   * anywhere else); a connection still silent after a second was opened ahead of need (a browser's
   * preconnect) or is abuse, and is idle like any other.
   */
  static final long FIRST_REQUEST_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private State state = State.READY;
  private ReadWait wait;
  private long deadline;
  private long waitBegan;
  private boolean timeoutCounted;

  /** Whether a wait for a request has brought bytes: later waits for one are kept-alive waits. */
  private boolean requestBegun;

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
   * A read blocks from {@code now} on, waiting for {@code what} until {@code deadline} (both {@code
   * System.nanoTime()}).
   */
  void begin(ReadWait what, long deadline, long now) {
    if (state != State.READY) {
      throw new IllegalStateException("a read begins while " + state);
    }
    this.state = State.WAITING;
    this.wait = what;
    this.deadline = deadline;
    this.waitBegan = now;
  }

  /**
   * The blocked read returned {@code bytes} (-1 at the end of the stream, or when it failed); a
   * stopped read side stays stopped.
   */
  void end(int bytes) {
    if (wait == ReadWait.NEXT_REQUEST && bytes > 0) {
      requestBegun = true;
    }
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
   * The drain's close: closes a read that waits while holding no request (for a request, or
   * lingering), a new connection's first wait included.
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

  /**
   * A newcomer's close: as {@link #closeIfIdle}, but not a new connection's first wait for a
   * request before it has lasted {@link #FIRST_REQUEST_GRACE_NANOS} at {@code now}.
   *
   * @return whether it did (the caller then wakes the read)
   */
  boolean closeForRoom(long now) {
    if (idleForRoom(now)) {
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
   * no read waits holding no request, or when it is a new connection's first wait and younger than
   * {@link #FIRST_REQUEST_GRACE_NANOS} at {@code now} ({@link #closeForRoom} would not close it).
   * The earliest belongs to the longest idle.
   */
  long idleWaitDeadline(long now) {
    return idleForRoom(now) ? deadline : Long.MAX_VALUE;
  }

  private boolean idleForRoom(long now) {
    return state == State.WAITING
        && wait.holdsNoRequest()
        && (requestBegun
            || wait != ReadWait.NEXT_REQUEST
            || now - waitBegan >= FIRST_REQUEST_GRACE_NANOS);
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
