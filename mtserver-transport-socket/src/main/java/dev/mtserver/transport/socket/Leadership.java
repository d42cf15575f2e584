package dev.mtserver.transport.socket;

import dev.mtserver.threads.ThreadSource;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader/followers for virtual threads (ADR 0050): the thread that accepts a connection serves it
 * itself, and the accept loop passes to a new thread only when this one is about to stop accepting
 * for a while.
 *
 * <p>Why: handing every accepted connection to another thread cost a wake-up of that thread and a
 * sleep of the acceptor per connection, and with a new connection per request (the {@code ab} test)
 * that hand-over was the server's largest cost: 1.5 context switches and about 50 µs of CPU per
 * connection, against 0.06 and 30 µs when the accepting thread serves. A connection is still served
 * start to end by one thread, as in the classic server; only who accepts next changes.
 *
 * <p>The lead passes on ({@link #passOn}) when the leader would otherwise keep connections waiting
 * in the backlog:
 *
 * <ul>
 *   <li>before it waits for its client: a read with nothing to read yet (the next request of a
 *       kept-alive connection, a slow client, a request body), or a write larger than a fresh
 *       socket's buffer takes at once ({@link SocketConnection} calls it); a new connection's first
 *       read is the exception ({@link FirstBytesWait}), and while the process is quiet the wait for
 *       a kept-alive connection's next request first waits up to {@link #PASS_AFTER} in the kernel
 *       ({@link QuietWait#awaitBytes});
 *   <li>when it has served for {@link #PASS_AFTER} without coming back to accept: whatever else it
 *       waits for (a PHP script, the object store, the disk, a new connection's first bytes), the
 *       watcher thread {@code mtserver-leader-watch} passes the lead for it;
 *   <li>for a connection it took from its wait in the kernel ({@link QuietWait}: the process
 *       serving fewer connections than it has carriers) at least {@link #PASS_AFTER} after the last
 *       one ended, when another connection comes: the listener's alarm ({@link ListenerAlarm}),
 *       armed instead of the watcher's clock, rings for it and passes the lead once the leader has
 *       served for {@link #PASS_AFTER} ({@link #connectionWaiting}). While the process is quiet the
 *       lead matters only then, and so a connection that comes alone wakes no thread but its
 *       leader.
 * </ul>
 *
 * So a short exchange — a request already read, a small answer — costs no hand-over at all, and
 * anything longer delays the next {@code accept()} by about {@link #PASS_AFTER}. The watcher does
 * not tick: while the leader serves it sleeps until that connection's {@link #PASS_AFTER} is up,
 * and once the leader has been back at {@code accept()} for {@link #LINGER} it sleeps until the
 * next connection wakes it; after a connection that came after a quiet spell, or that the leader
 * took from its wait in the kernel ({@link QuietWait}) where there is no listener's alarm, it
 * sleeps as soon as the leader is back. A busy server wakes it at most once per {@link
 * #PASS_AFTER}; a quiet one not at all where the alarm rings, else twice per connection (two
 * wake-ups that cost an isolated download 60–130 µs on the benchmark's machine, docs/benchmarks.md,
 * twenty-sixth session). (It used to tick every millisecond for a second after each connection: on
 * a virtual machine, where a wake-up costs about 50 µs, 5 % of a core for that second, and 1,000
 * wake-ups a second under load.)
 *
 * <p>A passed lead goes to the follower: one thread kept parked for it, the last one that finished
 * a connection without the lead ({@link #follow}). Only when there is none does a new virtual
 * thread from the workers' factory take it, registered as the leader before it starts; a thread
 * that finishes its connection without the lead while another already follows ends. Why keep a
 * follower: a lead passes on every isolated download (at its keep-alive wait), and making and
 * starting a virtual thread runs JDK code too rarely run to be compiled, about 90 µs in the
 * interpreter on that download's path, where waking a parked thread is the same hand-over every
 * read and write makes. Two threads may accept for a moment after a pass that raced with the old
 * leader's return to {@code accept()}: harmless, since whoever accepts also serves, and the one
 * that no longer leads follows or ends after its connection.
 *
 * <p>The watcher also bounds the leader's wait for a new connection's first bytes ({@link
 * FirstBytesWait}): that read has no timeout of its own; if it is still waiting when the watcher
 * passes the lead, the watcher counts the wait as run out.
 */
final class Leadership {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  /** How long the leader may serve before the watcher passes the lead for it. */
  static final Duration PASS_AFTER = Duration.ofMillis(2);

  /**
   * How long the watcher goes on looking, every {@link #PASS_AFTER}, after the leader was last seen
   * serving, before it sleeps until the next connection. Under load the leader is back at {@code
   * accept()} for moments only, and a watcher that slept each time would have to be woken on the
   * next connection's path; so it sleeps only once the gap is clearly more than a moment. It goes
   * on looking only while connections come closer together than this (its last sleep was shorter):
   * after an isolated connection the looking would be twenty wake-ups for nothing.
   */
  static final Duration LINGER = Duration.ofMillis(20);

  private static final long PASS_AFTER_NANOS = PASS_AFTER.toNanos();
  private static final long LINGER_NANOS = LINGER.toNanos();

  private final AtomicReference<Thread> leader = new AtomicReference<>();

  /** The thread parked to take the lead next ({@link #follow}), or null. */
  private final AtomicReference<Thread> follower = new AtomicReference<>();

  /** The leader while it waits for a new connection's first bytes, or null. */
  private final AtomicReference<Thread> awaitingFirstBytes = new AtomicReference<>();

  /** Times the lead passed to another thread ({@link #passOn}). */
  private final LongAdder passes = new LongAdder();

  private final FirstBytesWait firstBytesWait;
  private final ThreadFactory leaders;
  private final Runnable leadLoop;
  private final Thread watcher;

  /**
   * When the leader began serving its connection ({@code System.nanoTime()}); 0 while accepting.
   */
  private volatile long servingSince;

  /** The watcher's own: when it last saw the leader serving ({@code System.nanoTime()}). */
  private long lastSawServing;

  /** The watcher's own: whether its last sleep until a connection ended within {@link #LINGER}. */
  private boolean connectionsClose;

  /** Whether the connection the leader began serving last was accepted from a quiet wait. */
  private volatile boolean servingQuietly;

  private volatile boolean watcherAsleep;
  private volatile boolean stopped;

  /** Rings when a connection comes while the leader serves one it took quietly; or never. */
  private ListenerAlarm alarm = ListenerAlarm.unavailable("not given");

  /** When the leader last finished a connection ({@code System.nanoTime()}). */
  private volatile long lastFinished = System.nanoTime() - PASS_AFTER_NANOS;

  /**
   * Whether the leader armed {@link #alarm} for the connection it serves and nobody disarmed it.
   */
  private final AtomicBoolean alarmArmed = new AtomicBoolean();

  /**
   * @param leaders the workers' virtual threads: a leader is a worker that accepts
   * @param leadLoop what a leader runs: the accept loop
   * @param firstBytesWait told of each wait for first bytes that the watcher ended
   */
  Leadership(
      ThreadFactory leaders,
      Runnable leadLoop,
      ThreadSource threads,
      FirstBytesWait firstBytesWait) {
    this.leaders = leaders;
    this.firstBytesWait = firstBytesWait;
    this.leadLoop = leadLoop;
    this.watcher = threads.daemonThread("mtserver-leader-watch", this::watch);
  }

  /**
   * Gives the leader the listener's alarm, armed while it serves a connection it took from its wait
   * in the kernel; its ring is {@link #connectionWaiting}. Before {@link #start}.
   */
  void useAlarm(ListenerAlarm alarm) {
    this.alarm = alarm;
  }

  /** Starts the first leader and the watcher. */
  void start() {
    Thread first = leaders.newThread(leadLoop);
    leader.set(first);
    first.start();
    watcher.start();
  }

  /** Stops the watcher and the follower; leaders end by themselves once the listener is closed. */
  void stop() {
    stopped = true;
    LockSupport.unpark(watcher);
    Thread parked = follower.get();
    if (parked != null) {
      LockSupport.unpark(parked);
    }
  }

  /** Times the lead has passed to another thread: each a wake-up or a start of one. */
  long passes() {
    return passes.sum();
  }

  /** Whether {@code thread} runs the accept loop now. */
  boolean leads(Thread thread) {
    return leader.get() == thread;
  }

  /**
   * The leader accepted a connection and serves it now.
   *
   * @param quietly whether it came to the leader's wait in the kernel ({@link QuietWait}): the
   *     process was serving fewer connections than it has carriers, so the watcher need not go on
   *     looking after it ({@link #LINGER}), however soon the connection came after the last one
   */
  void beganServing(boolean quietly) {
    servingQuietly = quietly;
    long now = System.nanoTime();
    servingSince = now;
    if (quietly && alarm.working() && now - lastFinished >= PASS_AFTER_NANOS) {
      // No clock to start: while the process is quiet the lead matters only if another connection
      // comes, and the listener's alarm rings for that (connectionWaiting). The watcher sleeps on.
      // Not for a connection that follows the last one closely (ab's): another is likely to come
      // during it, and the alarm's thread would wake for each, where the watcher's clock wakes it
      // at most once per PASS_AFTER.
      alarmArmed.set(true);
      alarm.arm();
      return;
    }
    if (watcherAsleep) {
      watcherAsleep = false;
      LockSupport.unpark(watcher);
    }
  }

  /** The current thread finished a connection; if it still leads, it accepts again. */
  void finishedServing() {
    if (leads(Thread.currentThread())) {
      servingSince = 0;
      lastFinished = System.nanoTime();
      disarmAlarm();
    }
  }

  /**
   * The listener's alarm rang, on its thread: a connection came while the leader served one it took
   * quietly. The lead passes once that connection has been served for {@link #PASS_AFTER}, as the
   * watcher would pass it; if the leader is back at {@code accept()} before, it takes the new
   * connection itself. Why wait: most exchanges end well within {@link #PASS_AFTER}, and a pass for
   * one costs a wake-up of the follower and one of the old leader's carrier, while clients that
   * open connection after connection ({@code ab}) make one come during almost every exchange.
   */
  void connectionWaiting() {
    alarmArmed.set(false); // it rings once per arming
    long since = servingSince;
    long untilDue;
    while (since != 0
        && servingSince == since
        && !stopped
        && (untilDue = since + PASS_AFTER_NANOS - System.nanoTime()) > 0) {
      LockSupport.parkNanos(this, untilDue);
    }
    Thread current = leader.get();
    if (since != 0 && current != null && servingSince == since && !stopped) {
      passOn(current);
    }
  }

  private void disarmAlarm() {
    if (alarmArmed.getAndSet(false)) {
      alarm.disarm();
    }
  }

  /**
   * The current thread, the leader, waits for the first bytes of the connection it accepted: an
   * untimed read that the watcher ends by passing the lead after {@link #PASS_AFTER}, counting the
   * wait as run out ({@link FirstBytesWait#ranOut}).
   */
  void awaitingFirstBytes() {
    awaitingFirstBytes.set(Thread.currentThread());
  }

  /** The current thread's wait for first bytes is over, however it ended. */
  void gotFirstBytes() {
    awaitingFirstBytes.compareAndSet(Thread.currentThread(), null);
  }

  /**
   * Called by a thread that finished a connection without the lead: parks it as the follower if
   * none is parked yet, until the lead passes to it.
   *
   * @return true once the current thread leads (it accepts again); false if another thread already
   *     follows or the server is stopping (the current thread then ends)
   */
  boolean follow() {
    Thread me = Thread.currentThread();
    if (stopped || !follower.compareAndSet(null, me)) {
      return false;
    }
    while (!leads(me)) {
      if (stopped) {
        follower.compareAndSet(me, null);
        return false;
      }
      LockSupport.park(this); // until passOn() or stop(); a spurious wake-up loops
      // An interrupt must neither end this wait (only passOn() and stop() do) nor reach the accept
      // loop: cleared, as serveAsLeader clears one that a handler left set.
      Thread.interrupted();
    }
    follower.compareAndSet(me, null);
    return true;
  }

  /**
   * Passes the lead from {@code from} to the follower, or to a new thread if none follows, if
   * {@code from} still leads; otherwise does nothing. If no thread can be started, {@code from}
   * keeps the lead and accepts again after its connection (new connections wait in the backlog
   * meanwhile).
   */
  void passOn(Thread from) {
    if (!leads(from)) {
      return; // passed already, by the watcher or by the leader itself: no thread to make
    }
    Thread parked = follower.get();
    if (parked != null && parked != from) {
      if (leader.compareAndSet(from, parked)) {
        follower.compareAndSet(parked, null);
        servingSince = 0;
        disarmAlarm(); // the new leader waits for connections itself
        passes.increment();
        LockSupport.unpark(parked);
      }
      return; // made the follower the leader, or passed already by someone else
    }
    Thread next;
    try {
      next = leaders.newThread(leadLoop);
    } catch (RuntimeException e) {
      log.warn("Could not make a new accepting thread: {}", e.toString());
      return;
    }
    if (!leader.compareAndSet(from, next)) {
      return; // passed already, by the watcher or by the leader itself
    }
    servingSince = 0;
    disarmAlarm();
    passes.increment();
    try {
      next.start();
    } catch (RejectedExecutionException | OutOfMemoryError e) {
      if (e instanceof OutOfMemoryError oom && !ThreadSource.cannotCreateThread(oom)) {
        throw oom;
      }
      leader.compareAndSet(next, from);
      log.warn("Could not start a new accepting thread: {}", e.toString());
    }
  }

  /**
   * The watcher's loop. Three states, by what it last saw: the leader serving (sleep until that
   * connection's {@link #PASS_AFTER} is up, then pass the lead if it is still the same connection),
   * the leader accepting for less than {@link #LINGER} while connections come closer together than
   * that (look again after {@link #PASS_AFTER}), and otherwise the leader accepting (sleep until
   * {@link #beganServing} wakes it). A connection that wakes the watcher from a sleep of {@link
   * #LINGER} or more came after a quiet spell, and so did one the leader accepted from its wait in
   * the kernel ({@link QuietWait}, the process serving fewer connections than it has carriers):
   * once it is served the watcher sleeps again at once, two wake-ups for the connection instead of
   * one every {@link #PASS_AFTER} for {@link #LINGER}.
   */
  private void watch() {
    lastSawServing = System.nanoTime();
    while (!stopped) {
      watchOnce();
    }
  }

  /**
   * One look of the watcher, and the sleep after it. A method of its own so that the JIT compiles
   * it by its calls: the loop in {@link #watch} runs in one frame for the server's life, which the
   * interpreter would otherwise run to the end, and a quiet server's connection waits for this code
   * each time it wakes the watcher on the same core (SocketServer#acceptOne says more).
   */
  private void watchOnce() {
    long since = servingSince;
    long now = System.nanoTime();
    if (since != 0) {
      lastSawServing = now;
      long untilDue = since + PASS_AFTER_NANOS - now;
      if (untilDue > 0) {
        LockSupport.parkNanos(this, untilDue);
        return;
      }
      Thread current = leader.get();
      if (current != null && servingSince == since) {
        if (awaitingFirstBytes.get() == current) {
          firstBytesWait.ranOut(); // a silent client held the accept loop for PASS_AFTER
        }
        passOn(current); // the same connection for PASS_AFTER: it holds up the backlog
      }
    } else if (connectionsClose && now - lastSawServing < LINGER_NANOS) {
      LockSupport.parkNanos(this, PASS_AFTER_NANOS);
    } else {
      watcherAsleep = true;
      long fellAsleep = System.nanoTime();
      if (servingSince == 0 && !stopped) {
        LockSupport.park(this); // until beganServing() or stop()
      }
      watcherAsleep = false;
      lastSawServing = System.nanoTime();
      // A connection accepted quietly does not make the watcher look on: on a quiet server (a
      // download now and then) it would wake every PASS_AFTER between them for nothing.
      connectionsClose = !servingQuietly && lastSawServing - fellAsleep < LINGER_NANOS;
    }
  }
}
