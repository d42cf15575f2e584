package dev.mtserver.transport.socket;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who gets a worker: the server's admission policy (ADR 0008), run by the accept loop.
 *
 * <ul>
 *   <li><b>Permits before {@code accept()}.</b> A semaphore of {@code maxConnections} permits
 *       bounds and counts the workers (the original's {@code thread_count}). The acceptor takes one
 *       before each {@code accept()}; while none is free, new connections wait in the kernel's
 *       backlog, not in the server.
 *   <li><b>Then the overload wait.</b> Once the server has been full for {@code overloadWait}
 *       (counted from when it filled up, not per connection), the next connection is accepted
 *       without a permit and refused, unless a permit frees up meanwhile.
 *   <li><b>Idle connections make room.</b> While some connection only waits for its next request, a
 *       newcomer is accepted at once, and idle connections are closed for it — the longest idle
 *       first, an eighth of them, at least one and at most {@value #MAX_IDLE_CLOSED_AT_ONCE}, as
 *       nginx does when it runs out of connections — and it waits up to {@code overloadWait} for a
 *       permit they give back. Only a newcomer that has actually arrived closes anyone's
 *       connection; an idle connection costs its client nothing to reopen, a refused one costs it a
 *       request. A new connection still waiting for its first request is not idle in its first
 *       second ({@link ReadDeadline#FIRST_REQUEST_GRACE_NANOS}): its request is on its way, and its
 *       client would not retry it.
 *   <li><b>One address, a share.</b> With {@code --max-connections-per-ip}, a connection from an
 *       address that already has that many open is refused even when workers are free ({@link
 *       PerAddressLimit}, ADR 0039), so one client cannot take every permit.
 * </ul>
 *
 * <p>The acceptor owns this object; workers only {@link #release} their permit, and the shutdown
 * {@link #awaitAllReleased waits for all of them}.
 */
final class Admission {

  private static final Logger log = LoggerFactory.getLogger(Admission.class);

  /** The most idle connections closed at once to make room for new ones (nginx's number). */
  static final int MAX_IDLE_CLOSED_AT_ONCE = 32;

  /**
   * How often an acceptor waiting for a permit looks for a connection that has turned idle: a
   * newcomer waits at most this long past it, and a full server's acceptor walks its connections
   * twenty times a second.
   */
  static final long IDLE_LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final int maxConnections;
  private final Semaphore permits;
  private final long overloadWaitNanos;
  private final Iterable<? extends Reclaimable> live;
  private final LongAdder idleClosed;
  private final LongSupplier nanoClock;
  private final PerAddressLimit perAddress;

  /**
   * Since when every permit has been taken, by the acceptor's reckoning; empty while there is room.
   */
  private OptionalLong fullSince = OptionalLong.empty();

  /**
   * @param live the connections being served, iterated afresh each time room is needed
   * @param idleClosed counts the idle connections closed to make room
   * @param nanoClock {@code System::nanoTime} (the clock the connections time their waits by), or a
   *     test's clock
   */
  Admission(
      int maxConnections,
      Duration overloadWait,
      Iterable<? extends Reclaimable> live,
      LongAdder idleClosed,
      LongSupplier nanoClock) {
    this(maxConnections, overloadWait, live, idleClosed, nanoClock, 0);
  }

  /**
   * @param maxPerAddress the most connections one client address may have open; 0 for no limit
   */
  Admission(
      int maxConnections,
      Duration overloadWait,
      Iterable<? extends Reclaimable> live,
      LongAdder idleClosed,
      LongSupplier nanoClock,
      int maxPerAddress) {
    this.perAddress = new PerAddressLimit(maxPerAddress);
    this.maxConnections = maxConnections;
    this.permits = new Semaphore(maxConnections);
    this.overloadWaitNanos = overloadWait.toNanos();
    this.live = live;
    this.idleClosed = idleClosed;
    this.nanoClock = nanoClock;
  }

  /**
   * Before {@code accept()}: takes a permit, waiting while the server has been full for less than
   * the overload wait (new connections wait in the backlog meanwhile).
   *
   * @return whether a permit was taken. Without one — the server has been full for longer, or as
   *     soon as some connection is idle — the next connection is accepted anyway, and {@link
   *     #admitWithoutPermit} decides
   */
  boolean awaitPermit() throws InterruptedException {
    if (permits.tryAcquire()) {
      return admitted();
    }
    // A connection may turn idle while the acceptor waits (its response done, or a new connection's
    // first second over): it looks again every IDLE_LOOK_NANOS, so the newcomer takes that place
    // then rather than when the overload wait runs out.
    long left = restOfOverloadWait();
    while (!anyIdle()) {
      if (left <= 0) {
        return false;
      }
      long slice = Math.min(left, IDLE_LOOK_NANOS);
      if (permits.tryAcquire(slice, TimeUnit.NANOSECONDS)) {
        return admitted();
      }
      left -= slice;
    }
    return false; // accept now: the newcomer takes an idle connection's place
  }

  /**
   * After a connection was accepted without a permit: one may have freed up while the acceptor
   * waited in {@code accept()}; or, if some connection is idle, idle ones are closed to make room
   * and the newcomer waits for the permit they give back; or else it gets what is left of the
   * overload wait, as it would have had in the backlog (the connection that looked idle was only
   * between the bytes of its request).
   *
   * @return whether a permit was taken; if not, the connection is to be refused
   */
  boolean admitWithoutPermit() throws InterruptedException {
    if (permits.tryAcquire()) {
      return admitted();
    }
    if (anyIdle()) {
      closeIdleConnections();
      // It waits even if none was left to close: the one that looked idle may be ending by itself.
      return permits.tryAcquire(overloadWaitNanos, TimeUnit.NANOSECONDS) && admitted();
    }
    return awaitRestOfOverloadWait();
  }

  /**
   * After a permit: whether {@code address} may have one more connection open ({@code
   * --max-connections-per-ip}); if so it is counted until {@link #left}.
   */
  boolean admitFrom(InetAddress address) {
    return perAddress.tryEnter(address);
  }

  /** A connection {@link #admitFrom} counted has ended. */
  void left(InetAddress address) {
    perAddress.leave(address);
  }

  /** How many connections {@code address} has open, as counted for the per-address limit. */
  int openFrom(InetAddress address) {
    return perAddress.openFrom(address);
  }

  /** A permit taken by {@link #awaitPermit} goes back unused ({@code accept()} failed). */
  void giveBack(boolean permit) {
    if (permit) {
      permits.release();
    }
  }

  /** A worker has finished its connection, or never started: its permit goes back. */
  void release() {
    permits.release();
  }

  /**
   * Waits until every permit is back, for up to {@code timeout}: the shutdown's wait for the
   * workers. The permits are released again, so this may be called twice.
   */
  boolean awaitAllReleased(Duration timeout) throws InterruptedException {
    if (permits.tryAcquire(maxConnections, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      permits.release(maxConnections);
      return true;
    }
    return false;
  }

  private boolean admitted() {
    fullSince = OptionalLong.empty();
    return true;
  }

  /** Waits for a permit until the server has been full for the overload wait. */
  private boolean awaitRestOfOverloadWait() throws InterruptedException {
    long wait = restOfOverloadWait();
    return wait > 0 && permits.tryAcquire(wait, TimeUnit.NANOSECONDS) && admitted();
  }

  /** How much is left of the overload wait, which starts now if the server was not full before. */
  private long restOfOverloadWait() {
    long now = nanoClock.getAsLong();
    if (fullSince.isEmpty()) {
      fullSince = OptionalLong.of(now);
    }
    return fullSince.getAsLong() + overloadWaitNanos - now;
  }

  private boolean anyIdle() {
    long now = nanoClock.getAsLong();
    for (Reclaimable connection : live) {
      if (connection.idleWaitDeadline(now) != Long.MAX_VALUE) {
        return true;
      }
    }
    return false;
  }

  /**
   * Closes some of the connections that only wait for their next request, longest-waiting first: an
   * eighth, at least one, at most {@value #MAX_IDLE_CLOSED_AT_ONCE}, so a burst of newcomers does
   * not scan the set each time.
   *
   * @return how many were closed; their permits come back as their workers end
   */
  int closeIdleConnections() {
    List<IdleWait> idle = new ArrayList<>();
    long now = nanoClock.getAsLong();
    for (Reclaimable connection : live) {
      long deadline = connection.idleWaitDeadline(now);
      if (deadline != Long.MAX_VALUE) {
        idle.add(new IdleWait(connection, deadline));
      }
    }
    if (idle.isEmpty()) {
      return 0;
    }
    idle.sort(Comparator.comparingLong(IdleWait::deadline)); // a snapshot: deadlines move meanwhile
    int wanted = Math.max(1, Math.min(MAX_IDLE_CLOSED_AT_ONCE, idle.size() / 8));
    int closed = 0;
    for (int i = 0; i < idle.size() && closed < wanted; i++) {
      closed += idle.get(i).connection().closeForRoom(now) ? 1 : 0;
    }
    idleClosed.add(closed);
    log.debug("Every worker was taken: closed {} idle keep-alive connections to make room", closed);
    return closed;
  }

  private record IdleWait(Reclaimable connection, long deadline) {}
}
