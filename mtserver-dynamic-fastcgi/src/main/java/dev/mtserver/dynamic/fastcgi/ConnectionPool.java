package dev.mtserver.dynamic.fastcgi;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of kept-alive connections to php-fpm. A request first takes one of {@code max}
 * {@link Lease leases} (waiting a short while at most: past that it is refused, 503), then the
 * connection used last (it is the one most likely still open, and php-fpm keeps a worker waiting on
 * it), or a new one when none is idle. So at most {@code max} connections are ever open, and no
 * more than the busiest moment needed.
 *
 * <p>An idle connection is not trusted blindly: before it is lent again it must have nothing left
 * over and php-fpm must not have closed it (after {@code pm.max_requests}, when a worker exits or
 * php-fpm restarts). One idle for longer than the idle limit is closed, which frees the php-fpm
 * worker bound to it: when connections are taken and given back, and by {@link #closeIdle}, which
 * the owner calls now and then (the pool has no thread), so a pool that goes quiet does not keep
 * php-fpm's workers from its other clients.
 *
 * <p>{@link #cutOverdue} is the watchdog of the requests in blocking mode (see {@link
 * FastCgiConnection}): the owner calls it every {@link #WATCHDOG_INTERVAL}, and it cuts the
 * connection of any request past its deadline.
 */
final class ConnectionPool implements AutoCloseable {

  /**
   * How long a connection may wait idle before it is closed. Short, because php-fpm binds a worker
   * to each kept connection: under load a connection is reused within milliseconds, and a few
   * seconds after a burst its worker is back in php-fpm's pool for anyone else.
   */
  static final Duration DEFAULT_IDLE_LIMIT = Duration.ofSeconds(5);

  /**
   * How often the owner should call {@link #cutOverdue}: how late at most a script past its time is
   * cut off.
   */
  static final Duration WATCHDOG_INTERVAL = Duration.ofMillis(50);

  /** How long connecting over TCP may take (a Unix socket connects or fails at once). */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

  private final FastCgiAddress address;
  private final Semaphore leases;

  /** Idle connections, the one used last first. Guarded by itself. */
  private final Deque<FastCgiConnection> idle = new ArrayDeque<>();

  private final long idleLimitNanos;

  /** Every open connection, idle or lent: what the watchdog looks at. */
  private final Set<FastCgiConnection> live = ConcurrentHashMap.newKeySet();

  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong serials = new AtomicLong();
  private volatile boolean closed;

  ConnectionPool(FastCgiAddress address, int max, Duration idleLimit) {
    this.address = Objects.requireNonNull(address, "address");
    // fair: first come, first served. Not fair saved a thread switch per request in the counts, but
    // in the harness it gave no more requests a second and twice the p99 (docs/benchmarks.md)
    this.leases = new Semaphore(max, true);
    this.idleLimitNanos = idleLimit.toNanos();
  }

  /**
   * A lease on one connection, if one is free within {@code wait}.
   *
   * @return null when every lease is taken for all of {@code wait}, or the pool is closed
   */
  Lease acquire(Duration wait) throws InterruptedException {
    if (closed || !leases.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
      return null;
    }
    if (closed) {
      leases.release();
      return null;
    }
    return new Lease();
  }

  /** How many connections to php-fpm are open now, idle or lent. */
  int openConnections() {
    return open.get();
  }

  /** How many connections to php-fpm have been opened since the start. */
  long connectionsOpened() {
    return opened.get();
  }

  /** How many open connections wait for their next request. */
  int idleConnections() {
    synchronized (idle) {
      return idle.size();
    }
  }

  /**
   * Closes the connections that have been idle for longer than the idle limit.
   *
   * @return how many it closed
   */
  int closeIdle() {
    long now = System.nanoTime();
    List<FastCgiConnection> expired = new ArrayList<>();
    synchronized (idle) {
      while (expired(idle.peekLast(), now)) {
        expired.add(idle.pollLast());
      }
    }
    expired.forEach(this::discard);
    return expired.size();
  }

  /**
   * The watchdog: cuts the connection of every request past its deadline (its thread, waiting on
   * the socket, then fails at once and reports the script out of time). Safe from any thread.
   *
   * @return how many it cut
   */
  int cutOverdue() {
    long now = System.nanoTime();
    int cut = 0;
    for (FastCgiConnection connection : live) {
      if (connection.cutIfOverdue(now)) {
        cut++;
        log.debug("{} cut: its request ran out of time", connection);
      }
    }
    return cut;
  }

  /** Closes the idle connections; lent ones are closed when they are given back. */
  @Override
  public void close() {
    closed = true;
    List<FastCgiConnection> toClose;
    synchronized (idle) {
      toClose = new ArrayList<>(idle);
      idle.clear();
    }
    toClose.forEach(this::discard);
  }

  private FastCgiConnection openNew() throws IOException {
    FastCgiConnection connection =
        FastCgiConnection.open(address.socketAddress(), serials.incrementAndGet(), CONNECT_TIMEOUT);
    live.add(connection);
    open.incrementAndGet();
    opened.incrementAndGet();
    return connection;
  }

  /**
   * The idle connection used last that can carry a request, or null; closes the ones that cannot.
   *
   * @param look whether to look, with a read, that php-fpm has not closed it
   */
  private FastCgiConnection takeIdle(boolean look) {
    long now = System.nanoTime();
    List<FastCgiConnection> unusable = new ArrayList<>();
    FastCgiConnection found = null;
    synchronized (idle) {
      while (found == null && !idle.isEmpty()) {
        FastCgiConnection candidate = idle.pollFirst();
        if (!expired(candidate, now) && candidate.canCarryAnotherRequest(look)) {
          found = candidate;
        } else {
          unusable.add(candidate);
        }
      }
    }
    unusable.forEach(this::discard);
    return found;
  }

  private void giveBack(FastCgiConnection connection) {
    long now = System.nanoTime();
    connection.idleFrom(now);
    List<FastCgiConnection> expired = new ArrayList<>();
    synchronized (idle) {
      idle.addFirst(connection);
      while (expired(idle.peekLast(), now)) {
        expired.add(idle.pollLast());
      }
    }
    expired.forEach(this::discard);
    if (closed) {
      close(); // closed meanwhile: nothing may stay idle
    }
  }

  private boolean expired(FastCgiConnection connection, long now) {
    return connection != null && now - connection.idleSince() > idleLimitNanos;
  }

  private void discard(FastCgiConnection connection) {
    if (connection.isOpen()) {
      connection.close();
      live.remove(connection);
      open.decrementAndGet();
      log.debug("{} closed", connection);
    }
  }

  /**
   * The right to use one connection, from {@link #acquire} until {@link #release}: a request holds
   * it for as long as it talks to php-fpm. Used by one thread at a time.
   */
  final class Lease {

    private FastCgiConnection connection;
    private boolean reused;
    private boolean released;

    private Lease() {}

    /**
     * An idle connection that is still good, or a new one.
     *
     * @param retriable the request may go again on a new connection if this one turns out closed by
     *     php-fpm before it answers (see {@link #reconnect}): then an idle connection is not read
     *     first to see that it is still open, which saves a system call per request
     */
    FastCgiConnection connection(boolean retriable) throws IOException {
      if (connection == null) {
        connection = takeIdle(!retriable);
        reused = connection != null;
        if (connection == null) {
          connection = openNew();
        }
      }
      return connection;
    }

    /** Closes the connection in hand and opens a new one: after a kept one turned out closed. */
    FastCgiConnection reconnect() throws IOException {
      if (connection != null) {
        discard(connection);
        connection = null;
      }
      reused = false;
      connection = openNew();
      return connection;
    }

    /** True when the connection in hand has carried an earlier request. */
    boolean reusedConnection() {
      return reused;
    }

    /**
     * Gives the lease back: the connection goes back to the pool if {@code keep} (its request ended
     * cleanly), else it is closed. Idempotent.
     */
    void release(boolean keep) {
      if (released) {
        return;
      }
      released = true;
      if (connection != null) {
        if (keep && !closed) {
          giveBack(connection);
        } else {
          discard(connection);
        }
      }
      leases.release();
    }
  }
}
