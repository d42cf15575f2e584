package dev.mtserver.transport.socket;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether the leader (ADR 0050) may wait a moment for the first bytes of a connection that had sent
 * nothing when it was accepted, instead of handing it to a new thread at once.
 *
 * <p>Why wait at all: a client's request usually follows its connection within a fraction of a
 * millisecond, but often after the leader's {@code accept()}. Handing such a connection over cost a
 * new virtual thread, a wake-up of another carrier and a park in the poller, and with a new
 * connection per request ({@code ab}) that was the server's largest cost: 60 % of the connections
 * went that way. Waiting for the request and then serving it on the leader costs only the park.
 *
 * <p>How long: the wait is an ordinary read with no timeout of its own, bounded by the watcher of
 * {@link Leadership}, which passes the lead once the leader has served a connection for {@link
 * Leadership#PASS_AFTER}; the read then simply goes on, on a thread that no longer leads. (It was a
 * 1 ms socket timeout until the thirteenth session of issue 17: on a virtual thread a timed read
 * arms and cancels a timer on the JDK's delay scheduler, waking that thread twice, and the socket
 * adaptor switches the socket to non-blocking mode and back around it, four {@code fcntl} calls,
 * all on an isolated request's path.)
 *
 * <p>Why only so often: while the leader waits nobody accepts, so a client that connects and sends
 * nothing holds up the backlog for {@link Leadership#PASS_AFTER}, and a flood of such clients could
 * keep the accept loop waiting all the time. So after {@link #RAN_OUT_PER_SECOND} waits that ran
 * out in a second, the leader stops waiting until the next second and hands silent connections over
 * at once, as before: a flood of silent clients costs the accept loop at most 5 % of its time. A
 * wait that ends with the first bytes is not counted, however long it took: under load most do take
 * a good part of a millisecond (the clients are slow to send then, and while the leader waits the
 * backlog fills with connections whose requests are there when accepted), and a client that sends
 * its first byte late and the rest never is limited like any other by the connections allowed per
 * address and the head's deadline.
 *
 * <p>Asked by the leaders, usually one at a time (two for a moment after a pass), and told by the
 * watcher; the counts are only approximate if two race, which is harmless.
 */
final class FirstBytesWait {

  /**
   * Waits that may run out per second before the leader stops waiting until the next second: 25
   * waits of {@link Leadership#PASS_AFTER}, 5 % of a second.
   */
  static final int RAN_OUT_PER_SECOND = 25;

  private static final long SECOND_NANOS = Duration.ofSeconds(1).toNanos();

  private final LongSupplier nanoClock;

  /** Start of the current one-second window ({@code nanoClock}). */
  private volatile long windowStart;

  private volatile int ranOut;

  FirstBytesWait() {
    this(System::nanoTime);
  }

  /** With another clock, in nanoseconds: for tests. */
  FirstBytesWait(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.windowStart = nanoClock.getAsLong();
  }

  /** Whether the leader may wait for the first bytes of a connection accepted now. */
  boolean allowed() {
    long now = nanoClock.getAsLong();
    if (now - windowStart >= SECOND_NANOS) {
      windowStart = now;
      ranOut = 0;
    }
    return ranOut < RAN_OUT_PER_SECOND;
  }

  /** A wait ran out with nothing read: the watcher passed the lead, the read goes on. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // approximate by design: see the class comment
  void ranOut() {
    ranOut++;
  }
}
