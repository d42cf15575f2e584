package dev.mtserver.transport.socket;

import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.http.spi.ReadPhase;

/**
 * The worker's side of a connection's reads: what the engine says they wait for ({@link
 * ClientConnection#readPhase}) and the deadline each read gets.
 *
 * <ul>
 *   <li>{@link ReadPhase#IDLE}: each read may wait the idle timeout.
 *   <li>{@link ReadPhase#HEADER}: <b>a request begins</b>. The engine enters this phase exactly
 *       once per request, well-formed or not, so this is where requests are counted; and the whole
 *       head gets one deadline, fixed now, so a client dribbling a byte at a time is cut off when
 *       it passes.
 *   <li>{@link ReadPhase#BODY}: <b>a body begins</b> (when entered from another phase): a fresh
 *       {@link BodyAllowance}. Each read may wait the body timeout, or less when the minimum body
 *       rate's allowance runs out first; the time each read waits is charged to the allowance.
 * </ul>
 *
 * <p>Owned by the worker thread; the other threads see only {@link ReadDeadline}.
 */
final class ReadPhases {

  private final TransportConfig config;
  private final Runnable requestStarted;
  private final BodyAllowance bodyAllowance;
  private ReadPhase phase = ReadPhase.IDLE;
  private long headerDeadline;

  /**
   * Whether the current body read's deadline is the minimum rate's rather than the body timeout's.
   */
  private boolean bodyReadBoundByRate;

  /**
   * @param requestStarted counts a request; run each time a request head begins
   */
  ReadPhases(TransportConfig config, Runnable requestStarted) {
    this.config = config;
    this.requestStarted = requestStarted;
    this.bodyAllowance = new BodyAllowance(config.bodyTimeout().toNanos(), config.bodyMinRate());
  }

  /** The engine's next phase. */
  void enter(ReadPhase next) {
    if (next == ReadPhase.BODY && phase != ReadPhase.BODY) {
      bodyAllowance.reset(); // a new body: its grace starts afresh
    }
    if (next == ReadPhase.HEADER) {
      headerDeadline = System.nanoTime() + config.headerTimeout().toNanos();
      requestStarted.run();
    }
    phase = next;
  }

  /** What the next read waits for. */
  ReadWait waitingFor() {
    return ReadWait.of(phase);
  }

  /** The deadline of a read that starts at {@code now}. */
  long deadline(long now) {
    return switch (phase) {
      case IDLE -> now + config.idleTimeout().toNanos();
      case HEADER -> headerDeadline;
      case BODY -> {
        long timeout = config.bodyTimeout().toNanos();
        long allowance = Math.max(0, bodyAllowance.remainingNanos());
        bodyReadBoundByRate = allowance < timeout;
        yield now + Math.min(timeout, allowance);
      }
    };
  }

  /** A body read waited {@code nanos} and brought {@code bytes}: charged to the allowance. */
  void bodyRead(long nanos, int bytes) {
    bodyAllowance.recordRead(nanos, bytes);
  }

  /** Whether the last body read's deadline was the minimum rate's: for the timeout's message. */
  boolean bodyReadBoundByRate() {
    return bodyReadBoundByRate;
  }

  /** The minimum body rate in bytes per second; 0 for none. */
  long bodyMinRate() {
    return bodyAllowance.minRate();
  }
}
