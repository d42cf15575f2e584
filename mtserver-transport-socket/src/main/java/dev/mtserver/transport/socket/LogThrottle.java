package dev.mtserver.transport.socket;

import com.google.common.base.Ticker;
import java.time.Duration;

/**
 * Lets a few log messages of one kind through per time window and counts the rest, so a flood of
 * misbehaving clients (resets, stalls, refused connections) cannot flood the log: each event is
 * logged once, until there are too many, and then summarised.
 */
final class LogThrottle {

  /** Messages of one kind allowed per window. */
  static final int DEFAULT_PER_WINDOW = 20;

  static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

  private final int perWindow;
  private final long windowNanos;
  private final Ticker ticker;
  private long windowStart;
  private int usedInWindow;
  private long suppressed;

  LogThrottle() {
    this(DEFAULT_PER_WINDOW, DEFAULT_WINDOW, Ticker.systemTicker());
  }

  LogThrottle(int perWindow, Duration window, Ticker ticker) {
    this.perWindow = perWindow;
    this.windowNanos = window.toNanos();
    this.ticker = ticker;
    this.windowStart = ticker.read();
  }

  /**
   * Asks to log one message.
   *
   * @return -1 if the message must be dropped; otherwise how many were dropped since the last one
   *     that was let through (to mention in this one)
   */
  synchronized long admit() {
    long now = ticker.read();
    if (now - windowStart >= windowNanos) {
      windowStart = now;
      usedInWindow = 0;
    }
    if (usedInWindow >= perWindow) {
      suppressed++;
      return -1;
    }
    usedInWindow++;
    long held = suppressed;
    suppressed = 0;
    return held;
  }

  /** A suffix for a message admitted with {@code held} earlier ones dropped. */
  static String suppressedNote(long held) {
    return held == 0 ? "" : " (" + held + " similar messages suppressed)";
  }
}
