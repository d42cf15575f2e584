package dev.mtserver.transport.socket;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the accept loop does when {@code accept()} fails, typically with {@code EMFILE} ("Too many
 * open files") when the file-descriptor table is full. The pending connection stays in the backlog,
 * so retrying at once would spin a core; instead the loop sleeps, 5 ms at first and twice as long
 * after each further failure up to half a second, and keeps serving the connections it has (whose
 * closing frees descriptors). One warning per episode, one line when it ends; near the limit,
 * episodes can follow each other within milliseconds (one descriptor freed, one connection
 * accepted, the table full again), so a new episode warns only when the last warning is {@link
 * #WARNING_INTERVAL} old, and the log is not flooded by a flapping limit.
 *
 * <p>One per listener, shared by every thread that runs its accept loop: with virtual threads the
 * loop moves from thread to thread as the lead passes (ADR 0050), and a flapping limit is just when
 * it does (the connection accepted with the one free descriptor holds its thread, and the next
 * leader's {@code accept()} fails). A back-off of each leader's own warned again on every pass. One
 * thread leads at a time, but not always the same one: the state is guarded by this object's lock,
 * and the sleep is taken outside it.
 */
final class AcceptBackoff {

  private static final Logger log = LoggerFactory.getLogger(AcceptBackoff.class);

  static final Duration FIRST_DELAY = Duration.ofMillis(5);
  static final Duration MAX_DELAY = Duration.ofMillis(500);
  static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

  private final LongSupplier nanoClock;

  /** Failed accepts in the current episode; volatile for {@link #succeeded}'s look without lock. */
  private volatile long failures;

  private Duration delay = Duration.ZERO;
  private boolean warned;
  private long lastWarning;

  AcceptBackoff() {
    this(System::nanoTime);
  }

  /** With another clock, in nanoseconds: for tests. */
  AcceptBackoff(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /**
   * Records a failed accept and sleeps before the next attempt.
   *
   * @return whether this failure was logged as a warning (the first of an episode, unless the last
   *     warning is younger than {@link #WARNING_INTERVAL})
   * @throws InterruptedException if the server is stopping
   */
  boolean failed(IOException e) throws InterruptedException {
    Duration pause;
    boolean warn;
    synchronized (this) {
      delay = nextDelay();
      pause = delay;
      warn = failures++ == 0 && warningDue();
    }
    if (warn) {
      log.warn(
          "accept() failed: {}; retrying with a back-off of up to {} ms until it works again",
          e.getMessage(),
          MAX_DELAY.toMillis());
    }
    Thread.sleep(pause);
    return warn;
  }

  private boolean warningDue() {
    long now = nanoClock.getAsLong();
    if (warned && now - lastWarning < WARNING_INTERVAL.toNanos()) {
      return false;
    }
    warned = true;
    lastWarning = now;
    return true;
  }

  /** Records a successful accept, ending an episode of failures. */
  void succeeded() {
    if (failures == 0) {
      return; // every accept comes here: no lock unless an episode is on
    }
    long failed;
    synchronized (this) {
      failed = failures;
      if (failed == 0) {
        return; // another leader ended the episode meanwhile
      }
      failures = 0;
      delay = Duration.ZERO;
    }
    log.info("accept() works again after {} failed attempts", failed);
  }

  /** The pause before the next attempt after one more failure. */
  synchronized Duration nextDelay() {
    if (delay.isZero()) {
      return FIRST_DELAY;
    }
    Duration doubled = delay.multipliedBy(2);
    return doubled.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : doubled;
  }
}
