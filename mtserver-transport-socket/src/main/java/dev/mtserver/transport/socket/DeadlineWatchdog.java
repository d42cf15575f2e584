package dev.mtserver.transport.socket;

import com.google.common.primitives.Longs;
import dev.mtserver.threads.ThreadSource;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One thread, {@code mtserver-deadlines}, that enforces every connection's read and write
 * deadlines: a few times a second it asks each live connection to interrupt a read or write that
 * has run past its deadline (see {@link SocketConnection#enforceDeadlines}).
 *
 * <p>One scan of 10,000 connections takes well under a millisecond, and it costs the connections
 * nothing but a {@code System.nanoTime()} and a monitor per read or write. Deadlines fire up to one
 * tick late; the tick is an eighth of the shortest timeout, between 10 ms and 250 ms.
 */
final class DeadlineWatchdog {

  private static final long MIN_TICK_NANOS = Duration.ofMillis(10).toNanos();
  private static final long MAX_TICK_NANOS = Duration.ofMillis(250).toNanos();

  private final Iterable<SocketConnection> connections;
  private final long tickNanos;
  private final Thread thread;
  private volatile boolean stopped;

  /**
   * @param connections every connection to watch; iterated afresh on each tick
   * @param threads where its one daemon thread comes from
   */
  DeadlineWatchdog(
      Iterable<SocketConnection> connections, TransportConfig config, ThreadSource threads) {
    this.connections = connections;
    this.tickNanos = tickNanos(config);
    this.thread = threads.daemonThread("mtserver-deadlines", this::run);
  }

  /** An eighth of the shortest timeout, within [10 ms, 250 ms]. */
  static long tickNanos(TransportConfig config) {
    long shortest =
        Stream.of(
                config.headerTimeout(),
                config.bodyTimeout(),
                config.idleTimeout(),
                config.writeTimeout(),
                config.closeLinger())
            .filter(Duration::isPositive)
            .mapToLong(Duration::toNanos)
            .min()
            .orElse(MAX_TICK_NANOS);
    return Longs.constrainToRange(shortest / 8, MIN_TICK_NANOS, MAX_TICK_NANOS);
  }

  void start() {
    thread.start();
  }

  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
  }

  private void run() {
    while (!stopped) {
      LockSupport.parkNanos(this, tickNanos);
      long now = System.nanoTime();
      for (SocketConnection connection : connections) {
        connection.enforceDeadlines(now);
      }
    }
  }
}
