package dev.mtserver.transport.socket;

import com.google.common.collect.Iterables;
import dev.mtserver.http.spi.ConnectionHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket, its accept loop and the workers: the classic pthread server.
 *
 * <p>The accept loop runs on the thread {@code mtserver-acceptor}. Before each {@code accept()} it
 * takes a permit from a semaphore of {@code maxConnections} permits, which bounds and counts the
 * workers (the original's {@code thread_count}); the permit goes with the connection to its worker
 * ({@code mtserver-worker-N}), which owns the connection for its whole life and gives the permit
 * back in a {@code finally}. While every permit is taken, new connections wait in the kernel's
 * backlog; once the server has been full for {@code overloadWait}, each new connection goes to
 * the {@link Refusal}: the HTTP engine reads its one request and answers the health and metrics
 * endpoints, and {@code 503} with {@code Retry-After} to the rest, until a permit frees up.
 * Nothing else queues: the backlog is bounded by the kernel, the threads by the permits (and the
 * refusals by their own few threads).
 *
 * <p>{@link #close()} is the graceful shutdown the JVM's shutdown hook runs: see {@link #shutdown}.
 */
public final class SocketServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SocketServer.class);
  /** After the grace, how long aborted workers get to clean up (delete partial uploads). */
  private static final Duration ABORT_SETTLE = Duration.ofSeconds(5);
  private static final Duration ACCEPTOR_JOIN = Duration.ofSeconds(5);
  /** The most idle connections closed at once to make room for new ones (nginx's number). */
  private static final int MAX_IDLE_CLOSED_AT_ONCE = 32;

  private final TransportConfig config;
  private final ConnectionHandler handler;
  private final WorkerThreads workers;
  private final Semaphore permits;
  private final Refusal refusal;
  private final ConnectionLog connectionLog = new ConnectionLog();
  private final Set<SocketConnection> live = ConcurrentHashMap.newKeySet();
  /** Connections being refused: watched for deadlines, cut off at shutdown, never idle-closed. */
  private final Set<SocketConnection> refusing = ConcurrentHashMap.newKeySet();
  private final DeadlineWatchdog watchdog;
  private final ServingContext context;

  private final LongAdder accepted = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder idleClosed = new LongAdder();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final TrafficCounters traffic = new TrafficCounters();
  private volatile long aborted;

  private volatile boolean draining;
  private volatile Throwable acceptLoopFailure;
  private ServerSocketChannel listener;
  private Thread acceptor;
  private TransportStats finalStats;

  // accept-loop state, owned by the acceptor thread
  private boolean full;
  private long fullSince;

  public SocketServer(TransportConfig config, ConnectionHandler handler) {
    this(config, handler, WorkerThreads.create(config.threadMode(), "mtserver-worker-", config.maxConnections()));
  }

  /** With a given source of worker threads; tests use it to simulate thread exhaustion. */
  SocketServer(TransportConfig config, ConnectionHandler handler, WorkerThreads workers) {
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.permits = new Semaphore(config.maxConnections());
    this.watchdog = new DeadlineWatchdog(Iterables.concat(live, refusing), config);
    this.context = new ServingContext(config, () -> draining, requests, traffic, TcpCork.detect());
    this.refusal = new Refusal(context, handler, refusing);
  }

  /**
   * Binds the listening socket (trying the configured fallback ports if the first is taken) and
   * starts the accept loop and the deadline watchdog.
   *
   * @return the address actually bound, with an ephemeral port resolved
   * @throws java.net.BindException if no port in the range could be bound
   */
  public synchronized InetSocketAddress start() throws IOException {
    if (listener != null) {
      throw new IllegalStateException("already started");
    }
    listener = ListeningSocket.bind(config);
    InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
    watchdog.start();
    acceptor = Thread.ofPlatform()
        .name("mtserver-acceptor")
        .uncaughtExceptionHandler(WorkerThreads.LOG_UNCAUGHT)
        .unstarted(this::acceptLoop);
    acceptor.start();
    if (!context.cork().available()) {
      log.info("Large files go out in more TCP segments than needed: {}", context.cork().unavailableReason());
    }
    log.debug("Listening on {} with {} {} workers at most", bound, config.maxConnections(),
        config.threadMode().name().toLowerCase(java.util.Locale.ROOT));
    return bound;
  }

  // ---------------------------------------------------------------- accepting

  private void acceptLoop() {
    AcceptBackoff backoff = new AcceptBackoff();
    try {
      while (!draining) {
        boolean permit = awaitPermit();
        SocketChannel channel;
        try {
          channel = listener.accept();
        } catch (ClosedChannelException e) {
          releaseIf(permit);
          return; // the listener was closed: shutting down
        } catch (IOException e) {
          releaseIf(permit);
          backoff.failed(e); // EMFILE and friends: the connection stays in the backlog
          continue;
        }
        backoff.succeeded();
        if (!permit) {
          permit = permits.tryAcquire() // a worker may have finished while we waited in accept()
              || (anyIdleConnection() ? makeRoomForNewConnection() : awaitRestOfOverloadWait());
        }
        if (permit) {
          full = false;
          handOver(channel);
        } else {
          refuse(channel, "every worker was busy for " + Durations.format(config.overloadWait()));
        }
      }
    } catch (InterruptedException e) {
      // shutdown() interrupts a wait for a permit
    } catch (VirtualMachineError e) {
      acceptLoopFailure = e;
      log.error("The accept loop failed; no more connections will be accepted", e);
      closeListenerQuietly();
      throw e;
    }
  }

  /**
   * Takes a permit, waiting while the server has been full for less than {@code overloadWait};
   * new connections wait in the backlog meanwhile.
   *
   * @return false once the server has been full for longer, or at once while some connection is
   *     only waiting for its next request: the next connection is then accepted without a permit,
   *     and refused unless one frees up or {@link #makeRoomForNewConnection} makes one
   */
  private boolean awaitPermit() throws InterruptedException {
    if (permits.tryAcquire()) {
      full = false;
      return true;
    }
    if (anyIdleConnection()) {
      return false; // accept now: the newcomer takes an idle connection's place (see below)
    }
    long now = System.nanoTime();
    if (!full) {
      full = true;
      fullSince = now;
    }
    long wait = fullSince + config.overloadWait().toNanos() - now;
    if (wait > 0 && permits.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
      full = false;
      return true;
    }
    return false;
  }

  /**
   * A connection was accepted without a permit because some connection looked idle, and by now
   * none does (it was only between the bytes of its request): the newcomer gets what is left of
   * the overload wait, as it would have had in the backlog, rather than a 503 at once.
   */
  private boolean awaitRestOfOverloadWait() throws InterruptedException {
    long now = System.nanoTime();
    if (!full) {
      full = true;
      fullSince = now;
    }
    long wait = fullSince + config.overloadWait().toNanos() - now;
    return wait > 0 && permits.tryAcquire(wait, TimeUnit.NANOSECONDS);
  }

  private void releaseIf(boolean permit) {
    if (permit) {
      permits.release();
    }
  }

  /**
   * A connection was accepted while every permit is taken, and some connection looked idle:
   * closes idle connections to free a permit and waits for it (their workers end at once), at
   * most {@code overloadWait}. It waits even if none was left to close: the one that looked idle
   * may have been ending by itself, its client gone.
   */
  private boolean makeRoomForNewConnection() throws InterruptedException {
    closeIdleConnections();
    return permits.tryAcquire(config.overloadWait().toNanos(), TimeUnit.NANOSECONDS);
  }

  private boolean anyIdleConnection() {
    for (SocketConnection connection : live) {
      if (connection.idleWaitDeadline() != Long.MAX_VALUE) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every permit is taken and a new connection is waiting: closes some of the connections that
   * are only waiting for their next request, longest-waiting first, so that the new one can be
   * served instead of waiting or being refused. It happens only once a new connection has
   * actually arrived, so no idle client loses its connection for a newcomer that never comes. This is what nginx does when it runs out of connections (it reuses keep-alive
   * ones), and what makes a thread per connection survive many idle keep-alive clients: an idle
   * connection costs a client nothing to reopen, a refused one costs it its request. Like nginx,
   * it closes an eighth of the idle connections, at least one and at most {@value
   * #MAX_IDLE_CLOSED_AT_ONCE}, so a burst of new connections does not scan the set each time.
   *
   * @return how many connections were closed; their permits come back as their workers end
   */
  private int closeIdleConnections() {
    List<IdleWait> idle = new ArrayList<>();
    for (SocketConnection connection : live) {
      long deadline = connection.idleWaitDeadline();
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
      closed += idle.get(i).connection().closeIfIdle() ? 1 : 0;
    }
    idleClosed.add(closed);
    log.debug("Every worker was taken: closed {} idle keep-alive connections to make room", closed);
    return closed;
  }

  private record IdleWait(SocketConnection connection, long deadline) {}

  /** Gives an accepted connection, and the permit already taken for it, to a worker thread. */
  private void handOver(SocketChannel channel) {
    accepted.increment(); // before the worker can run, so the count is never behind what clients saw
    try {
      workers.start(() -> serve(channel));
    } catch (RejectedExecutionException e) {
      accepted.decrement();
      permits.release();
      refuse(channel, "no worker thread could be started (" + e + ")");
    } catch (OutOfMemoryError e) {
      accepted.decrement();
      permits.release();
      if (!WorkerThreads.cannotCreateThread(e)) {
        closeQuietly(channel);
        throw e;
      }
      refuse(channel, "no worker thread could be started (" + e.getMessage() + ")");
    }
  }

  /**
   * Hands a connection no worker can take to the {@link Refusal} (its one request read and
   * answered on a refusal thread; 503 unless it asks for what must stay reachable). Blocks the
   * accept loop only while every refusal thread is busy, for up to the close linger.
   */
  private void refuse(SocketChannel channel, String why) {
    refused.increment();
    connectionLog.refused(channel, why);
    refusal.refuse(channel);
  }

  // ---------------------------------------------------------------- serving

  /** A worker's whole life: one connection, from its first byte to its close. */
  private void serve(SocketChannel channel) {
    peak.accumulateAndGet(active.incrementAndGet(), Math::max);
    SocketConnection connection = null;
    try {
      connection = new SocketConnection(channel, context);
      live.add(connection);
      handler.serve(connection);
      connection.closeGracefully();
    } catch (IOException e) {
      connectionLog.failed(channel, e, draining);
    } catch (VirtualMachineError e) {
      throw e; // OutOfMemoryError and its kind are never swallowed; the finally still cleans up
    } catch (Throwable e) {
      connectionLog.handlerFailed(channel, e);
    } finally {
      if (connection != null) {
        live.remove(connection);
      }
      closeQuietly(channel);
      active.decrementAndGet();
      permits.release();
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to do for a connection we are abandoning
    }
  }

  private void closeListenerQuietly() {
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("Closing the listener failed: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------- observing

  /** Connections being served right now. */
  public int activeConnections() {
    return active.get();
  }

  /** The most connections served at once since start. */
  public int peakConnections() {
    return peak.get();
  }

  /** Whether a graceful shutdown has begun: the listener is closed or closing. */
  public boolean draining() {
    return draining;
  }

  /** The counters as they are now. */
  public TransportStats stats() {
    return new TransportStats(accepted.sum(), active.get(), peak.get(), requests.sum(), refused.sum(), aborted,
        traffic.received.sum(), traffic.sent.sum(), traffic.headerTimeouts.sum(),
        traffic.bodyTimeouts.sum(), traffic.idleTimeouts.sum(), traffic.writeTimeouts.sum(),
        idleClosed.sum());
  }

  // ---------------------------------------------------------------- stopping

  /**
   * The graceful shutdown, run by the JVM's shutdown hook on SIGTERM or SIGINT:
   *
   * <ol>
   *   <li>close the listener at once, so new connections are refused;
   *   <li>close every connection that is waiting for its next request;
   *   <li>let requests in flight finish, each answered with {@code Connection: close} (the
   *       handler sees {@link dev.mtserver.http.spi.ClientConnection#draining()}), for up to
   *       {@code shutdownGrace};
   *   <li>then cut off what is left: their blocked reads and writes fail, so handlers clean up
   *       (an upload deletes its partial file), for which they get a few more seconds;
   *   <li>log one line: requests served, peak connections, refusals, connections cut off.
   * </ol>
   *
   * Calling it again, or concurrently, waits for the first call and returns the same counters.
   *
   * @return the final counters
   * @throws IllegalStateException after the drain, if the accept loop had died of an error (such
   *     as an {@code OutOfMemoryError}), so that the process does not report a clean stop
   */
  public synchronized TransportStats shutdown() {
    if (finalStats != null) {
      return finalStats; // (a failed accept loop was reported by the first call)
    }
    long started = System.nanoTime();
    draining = true;
    if (listener != null) {
      closeListenerQuietly();
      acceptor.interrupt();
      joinAcceptor();
      for (SocketConnection connection : refusing) {
        connection.abort(); // a 503 or a health check: nothing worth the grace
      }
      int idle = 0;
      for (SocketConnection connection : live) {
        idle += connection.closeIfIdle() ? 1 : 0;
      }
      log.info("Shutting down: listener closed, {} idle connections closed, {} in flight get up to {}",
          idle, Math.max(0, active.get() - idle), Durations.format(config.shutdownGrace()));
      if (!awaitWorkers(config.shutdownGrace())) {
        long cut = 0;
        for (SocketConnection connection : live) {
          connection.abort();
          cut++;
        }
        aborted = cut;
        if (!awaitWorkers(ABORT_SETTLE)) {
          log.warn("{} workers still running {} after they were cut off", active.get(), Durations.format(ABORT_SETTLE));
        }
      }
      watchdog.stop();
    }
    workers.shutdown();
    finalStats = stats();
    log.info("Stopped after {} ms: {} requests on {} connections, peak {} connections at once, "
            + "{} refused with 503, {} cut off after the {} grace",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), finalStats.requests(),
        finalStats.acceptedConnections(), finalStats.peakConnections(),
        finalStats.refusedConnections(), finalStats.abortedConnections(), Durations.format(config.shutdownGrace()));
    if (acceptLoopFailure != null) {
      throw new IllegalStateException("the accept loop had failed", acceptLoopFailure);
    }
    return finalStats;
  }

  private void joinAcceptor() {
    try {
      if (!acceptor.join(ACCEPTOR_JOIN)) {
        log.warn("The accept loop did not stop within {}", Durations.format(ACCEPTOR_JOIN));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every worker has given its permit back, for up to {@code timeout}. */
  private boolean awaitWorkers(Duration timeout) {
    try {
      if (permits.tryAcquire(config.maxConnections(), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        permits.release(config.maxConnections());
        return true;
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The graceful {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }
}
