package dev.mtserver.transport.socket;

/**
 * The write side of one connection as the watchdog sees it:
 *
 * <pre>
 *   READY --begin--> WRITING --end--> READY
 *   WRITING --expire (no progress until the deadline; the watchdog)--> TIMED_OUT
 * </pre>
 *
 * TIMED_OUT is final: the watchdog closed the channel, and every later write reports the timeout. A
 * write's deadline restarts with each chunk the kernel takes ({@link
 * SocketConnection#WRITE_CHUNK}), so a slow but steady reader is never cut off. Like {@link
 * ReadDeadline}, called only under the connection's monitor.
 */
final class WriteDeadline {

  enum State {
    /** No write is blocked. */
    READY,
    /** A write (or sendfile) call is under way until the deadline. */
    WRITING,
    /** A write made no progress until its deadline; the channel was closed. */
    TIMED_OUT
  }

  private State state = State.READY;
  private long deadline;

  State state() {
    return state;
  }

  boolean timedOut() {
    return state == State.TIMED_OUT;
  }

  /** A write call begins, due by {@code deadline}; after a timeout nothing changes. */
  void begin(long deadline) {
    if (state != State.TIMED_OUT) {
      state = State.WRITING;
      this.deadline = deadline;
    }
  }

  /** The write call returned. */
  void end() {
    if (state == State.WRITING) {
      state = State.READY;
    }
  }

  /** Times out a write under way that has passed its deadline; says whether it did. */
  boolean expire(long now) {
    if (state == State.WRITING && now - deadline >= 0) {
      state = State.TIMED_OUT;
      return true;
    }
    return false;
  }
}
