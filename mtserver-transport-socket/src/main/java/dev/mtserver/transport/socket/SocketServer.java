package dev.mtserver.transport.socket;

import com.google.common.collect.Iterables;
import dev.mtserver.http.spi.ConnectionHandler;
import dev.mtserver.threads.ThreadSource;
import dev.mtserver.transport.tls.ServerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket, its accept loop and the workers: the classic pthread server.
 *
 * <p>The accept loop runs on the thread {@code mtserver-acceptor}. Before each {@code accept()} it
 * asks the {@link Admission} for a permit of the semaphore of {@code maxConnections} permits, which
 * bounds and counts the workers (the original's {@code thread_count}); the permit goes with the
 * connection to its worker ({@code mtserver-worker-N}), which owns the connection for its whole
 * life and gives the permit back in a {@code finally}. While every permit is taken, new connections
 * wait in the kernel's backlog; once the server has been full for {@code overloadWait} (or at once,
 * while idle keep-alive connections can be closed to make room), the admission decides after {@code
 * accept()}, and a connection it does not admit goes to the {@link Refusal}: the HTTP engine reads
 * its one request and answers the health and metrics endpoints, and {@code 503} with {@code
 * Retry-After} to the rest, until a permit frees up. Nothing else queues: the backlog is bounded by
 * the kernel, the threads by the permits (and the refusals by their own few threads).
 *
 * <p>{@link #close()} is the graceful shutdown the JVM's shutdown hook runs: see {@link #shutdown}.
 */
public final class SocketServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

  /** After the grace, how long aborted workers get to clean up (delete partial uploads). */
  private static final Duration ABORT_SETTLE = Duration.ofSeconds(5);

  private static final Duration ACCEPTOR_JOIN = Duration.ofSeconds(5);

  private final TransportConfig config;
  private final ConnectionHandler handler;
  private final ThreadSource threads;
  private final WorkerThreads workers;
  private final Admission admission;
  private final Refusal refusal;
  private final ConnectionLog connectionLog = new ConnectionLog();
  private final Set<SocketConnection> live = ConcurrentHashMap.newKeySet();

  /** Connections being refused: watched for deadlines, cut off at shutdown, never idle-closed. */
  private final Set<SocketConnection> refusing = ConcurrentHashMap.newKeySet();

  private final DeadlineWatchdog watchdog;
  private final ServingContext context;
  private final ListenerSecurity security;

  private final LongAdder accepted = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder refusedForAddress = new LongAdder();
  private final LongAdder idleClosed = new LongAdder();
  private final LongAdder quietAccepts = new LongAdder();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final TrafficCounters traffic = new TrafficCounters();
  private volatile long aborted;

  private volatile boolean draining;
  private volatile Throwable acceptLoopFailure;
  private ServerSocketChannel listener;
  private Thread acceptor;

  /** With virtual threads, who accepts next (leader/followers); null with platform threads. */
  private Leadership leadership;

  /** How often a leader may wait for a silent connection's first bytes (virtual threads). */
  private final FirstBytesWait firstBytesWait = new FirstBytesWait();

  /**
   * The accept loop's back-off when {@code accept()} fails (EMFILE): one for the listener, kept
   * across the threads that lead the loop in turn, so that its warning's throttle holds when the
   * lead passes.
   */
  private final AcceptBackoff acceptBackoff = new AcceptBackoff();

  private final QuietWait quietWait = QuietWait.detect();

  /**
   * With virtual threads and {@link #quietWait} available, waits for connections for the leader
   * while the process is busy; else null.
   */
  private ListenerWatch listenerWatch;

  /**
   * With {@link #listenerWatch}: rings while a connection the leader took quietly is served and
   * another comes ({@link ListenerAlarm}); else null.
   */
  private ListenerAlarm listenerAlarm;

  private TransportStats finalStats;

  /**
   * @param threads where every thread of the transport comes from: the acceptor, the workers
   *     ({@code --threads} decides platform or virtual), the deadline watchdog, the refusals
   */
  public SocketServer(TransportConfig config, ConnectionHandler handler, ThreadSource threads) {
    this(config, handler, threads, Optional.empty());
  }

  /**
   * A listener that speaks TLS when {@code tls} is given (ADR 0039): each connection's handshake
   * runs on its worker, within the request head's deadline, before the engine sees a byte.
   */
  public SocketServer(
      TransportConfig config,
      ConnectionHandler handler,
      ThreadSource threads,
      Optional<ServerTls> tls) {
    this(
        config,
        handler,
        threads,
        WorkerThreads.create(
            config.threadMode(), threads, "mtserver-worker", config.maxConnections()),
        tls);
  }

  /** With a given source of worker threads; tests use it to simulate thread exhaustion. */
  SocketServer(
      TransportConfig config,
      ConnectionHandler handler,
      ThreadSource threads,
      WorkerThreads workers) {
    this(config, handler, threads, workers, Optional.empty());
  }

  private SocketServer(
      TransportConfig config,
      ConnectionHandler handler,
      ThreadSource threads,
      WorkerThreads workers,
      Optional<ServerTls> tls) {
    this.security = new ListenerSecurity(tls);
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.threads = Objects.requireNonNull(threads, "threads");
    this.workers = Objects.requireNonNull(workers, "workers");
    this.admission =
        new Admission(
            config.maxConnections(),
            config.overloadWait(),
            live,
            idleClosed,
            System::nanoTime,
            config.maxConnectionsPerAddress());
    this.watchdog = new DeadlineWatchdog(Iterables.concat(live, refusing), config, threads);
    this.context =
        new ServingContext(config, () -> draining, requests, traffic, TcpCork.detect(), quietWait);
    this.refusal = new Refusal(context, handler, refusing, threads, security);
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
    if (config.threadMode() == ThreadMode.VIRTUAL) {
      // The accept loop runs on whichever virtual worker leads (Leadership); this platform thread
      // only keeps the process alive until the shutdown, as the accept loop's thread does below.
      leadership = new Leadership(workers.factory(), this::acceptLoop, threads, firstBytesWait);
      acceptor = threads.thread("mtserver-acceptor", this::holdUntilShutdown);
      acceptor.start();
      if (quietWait.available()) {
        // accept() then returns null instead of parking: the leader chooses how to wait (acceptOne)
        listener.configureBlocking(false);
        listenerWatch = ListenerWatch.start(listener, threads);
        listenerAlarm = ListenerAlarm.start(listener, threads, leadership::connectionWaiting);
        if (!listenerAlarm.available()) {
          log.debug(
              "The leader's watcher times every connection: {}", listenerAlarm.unavailableReason());
        }
        leadership.useAlarm(listenerAlarm);
      } else {
        log.debug("The leader waits inside the JDK's accept(): {}", quietWait.unavailableReason());
      }
      leadership.start();
    } else {
      acceptor = threads.thread("mtserver-acceptor", this::acceptLoop);
      acceptor.start();
    }
    if (!context.cork().available()) {
      // The cork joins a closing response to its FIN in either mode, and a large file's segments
      // on platform threads (ADR 0021)
      log.info(
          "Responses go out in more TCP segments than needed: {}",
          context.cork().unavailableReason());
    }
    log.debug(
        "Listening on {} with {} {} workers at most",
        bound,
        config.maxConnections(),
        config.threadMode().name().toLowerCase(java.util.Locale.ROOT));
    return bound;
  }

  // ---------------------------------------------------------------- accepting

  /** With virtual threads: the platform thread that keeps the JVM alive while the server runs. */
  private void holdUntilShutdown() {
    while (!draining) {
      LockSupport.park(this); // shutdown() interrupts it; a spurious wake-up loops
      if (Thread.interrupted()) {
        return;
      }
    }
  }

  private void acceptLoop() {
    try {
      while (!draining && acceptOne()) {
        // one connection per call (acceptOne says why it is a method of its own)
      }
    } catch (InterruptedException e) {
      // shutdown() interrupts a wait for a permit
    } catch (VirtualMachineError e) {
      if (leadership != null && !leadership.leads(Thread.currentThread())) {
        throw e; // from a connection this thread served (serveAsLeader): a worker's error, not ours
      }
      acceptLoopFailure = e;
      log.error("The accept loop failed; no more connections will be accepted", e);
      closeListenerQuietly();
      stopListenerWatch();
      throw e;
    }
  }

  /**
   * One turn of the accept loop: waits for a permit and a connection, then serves it on this thread
   * or hands it over.
   *
   * <p>Why a method of its own rather than the loop's body: the JIT compiles a method once it has
   * been called often enough, and a frame already running in the interpreter stays there until it
   * returns. An accepting thread's {@link #acceptLoop} frame lasts as long as the thread, and with
   * leader/followers the same few virtual threads lead again and again, each in the frame it
   * entered when it was made, often in the server's first second; a loop's body reaches compiled
   * code only through on-stack replacement, after tens of thousands of turns. Profiled on isolated
   * downloads, a tenth of the carrier threads' samples ran in the interpreter from that frame (ADR
   * 0050, amendment of the nineteenth session). Called once per connection, this method is compiled
   * as the request path is.
   *
   * @return false when this thread no longer accepts: the listener was closed, or the lead passed
   *     while it served and another thread already follows
   */
  private boolean acceptOne() throws InterruptedException {
    boolean permit = admission.awaitPermit();
    boolean quietly;
    SocketChannel channel;
    try {
      do {
        // A quiet server's leader waits in the kernel, woken by the connection itself; a busy one
        // parks while the listener's watch thread waits there for it (QuietWait).
        quietly = leadership != null && quietWait.awaitConnection(listener, this::draining);
        channel = listener.accept(); // null only from the non-blocking listener: nothing yet
        if (channel == null && !draining) {
          quietWait.awaitConnectionWatched(listenerWatch);
          quietly = false;
          channel = listener.accept(); // one that the watch saw come; else wait again
        }
      } while (channel == null && !draining);
    } catch (ClosedChannelException e) {
      admission.giveBack(permit);
      return false; // the listener was closed: shutting down
    } catch (IOException e) {
      admission.giveBack(permit);
      if (draining) {
        return false; // the listener was shut down before its close (QuietWait.release)
      }
      acceptBackoff.failed(e); // EMFILE and friends: the connection stays in the backlog
      return true;
    }
    if (channel == null) {
      admission.giveBack(permit);
      return false; // shutting down
    }
    acceptBackoff.succeeded();
    if (!permit && !admission.admitWithoutPermit()) {
      refuse(channel, "every worker was busy for " + Durations.format(config.overloadWait()));
      return true;
    }
    InetAddress from = remoteAddress(channel);
    if (!admission.admitFrom(from)) {
      admission.release();
      refuseForAddress(channel);
      return true;
    }
    if (leadership == null) {
      handOver(channel, from);
      return true;
    }
    boolean firstBytesThere = readable(channel);
    if (quietly) {
      quietAccepts.increment();
      if (!firstBytesThere && mayAwaitFirstBytes()) {
        firstBytesThere = quietWait.awaitBytes(channel, Leadership.PASS_AFTER);
        if (!firstBytesThere) {
          firstBytesWait.ranOut(); // as if the watcher had ended a parked wait
        }
      }
    }
    // Still nothing: after a wait in the kernel the leader has waited its turn already, and
    // otherwise it waits as a parked read unless silent clients used up the waits.
    if (!firstBytesThere && (quietly || !mayAwaitFirstBytes())) {
      handOver(channel, from); // a worker waits for its first bytes, not the leader
      return true;
    }
    // Whether this thread still leads afterwards, or leads again once it has followed; if not,
    // another thread accepts now and another follows: this one is done.
    return serveAsLeader(channel, from, firstBytesThere, quietly) || leadership.follow();
  }

  /**
   * Serves an accepted connection on the accepting thread itself (virtual threads, {@link
   * Leadership}); the lead passes on if the connection would keep this thread from accepting.
   *
   * @return whether this thread still leads and goes on accepting
   */
  private boolean serveAsLeader(
      SocketChannel channel, InetAddress from, boolean firstBytesThere, boolean quietly) {
    accepted.increment();
    leadership.beganServing(quietly);
    try {
      serve(channel, from, leadership, firstBytesThere);
    } catch (VirtualMachineError e) {
      // As on any worker, the error goes on to the process's handler (ADR 0022) and ends this
      // thread; the accept loop goes on, on the thread the lead passes to.
      leadership.passOn(Thread.currentThread());
      throw e;
    } finally {
      leadership.finishedServing();
    }
    // A handler may leave the thread's interrupt status set, and on an interrupted thread the
    // accept loop's accept() closes the listening channel and its wait for a permit takes it as the
    // shutdown: cleared, as a thread pool clears it between tasks.
    Thread.interrupted();
    return leadership.leads(Thread.currentThread());
  }

  /** Gives an accepted connection, and the permit already taken for it, to a worker thread. */
  private void handOver(SocketChannel channel, InetAddress from) {
    accepted
        .increment(); // before the worker can run, so the count is never behind what clients saw
    try {
      workers.start(() -> serve(channel, from, null, false));
    } catch (RejectedExecutionException e) {
      accepted.decrement();
      admission.left(from);
      admission.release();
      refuse(channel, "no worker thread could be started (" + e + ")");
    } catch (OutOfMemoryError e) {
      accepted.decrement();
      admission.left(from);
      admission.release();
      if (!ThreadSource.cannotCreateThread(e)) {
        closeQuietly(channel);
        throw e;
      }
      refuse(channel, "no worker thread could be started (" + e.getMessage() + ")");
    }
  }

  /**
   * Hands a connection no worker can take to the {@link Refusal} (its one request read and answered
   * on a refusal thread; 503 unless it asks for what must stay reachable). Blocks the accept loop
   * only while every refusal thread is busy, for up to the close linger.
   */
  private void refuse(SocketChannel channel, String why) {
    refused.increment();
    connectionLog.refused(channel, why);
    refusal.refuse(channel);
  }

  /**
   * A connection from an address that already has {@code --max-connections-per-ip} open: a 503 it
   * can read, from a refusal thread if one is free now, else written at once without reading its
   * request. Never a wait: the acceptor must not be slowed for everyone by one address's flood.
   */
  private void refuseForAddress(SocketChannel channel) {
    refusedForAddress.increment();
    connectionLog.refused(
        channel,
        "its address already has "
            + config.maxConnectionsPerAddress()
            + " connections open (--max-connections-per-ip)");
    refusal.refuseWithoutWaiting(channel);
  }

  /**
   * Whether the client's first bytes are already there (a {@code poll} that does not wait, or
   * {@code FIONREAD}): then the connection is served on the accepting thread with no wait.
   */
  private boolean readable(SocketChannel channel) {
    try {
      return quietWait.readable(channel);
    } catch (IOException e) {
      return false; // already failing: its worker finds out
    }
  }

  /**
   * Whether the leader may wait a moment for the first bytes of a connection that has sent nothing
   * yet ({@link FirstBytesWait}): only on a plain listener, since a TLS connection's first bytes
   * are read by its handshake, and only while silent clients have not used up the allowance.
   */
  private boolean mayAwaitFirstBytes() {
    return !security.isTls() && firstBytesWait.allowed();
  }

  private static InetAddress remoteAddress(SocketChannel channel) {
    try {
      return channel.getRemoteAddress() instanceof InetSocketAddress remote
          ? remote.getAddress()
          : null;
    } catch (IOException e) {
      return null; // already gone: its worker finds out
    }
  }

  // ---------------------------------------------------------------- serving

  /**
   * A worker's whole life: one connection, from its first byte to its close.
   *
   * @param leadership on a leading thread, the lead it passes on before the connection would make
   *     it wait; null on a worker that was handed the connection
   * @param firstBytesThere on a leading thread, whether the accept loop saw the first bytes
   *     waiting; if not, the first read waits for them briefly before the lead passes ({@link
   *     FirstBytesWait})
   */
  private void serve(
      SocketChannel channel, InetAddress from, Leadership leadership, boolean firstBytesThere) {
    peak.accumulateAndGet(active.incrementAndGet(), Math::max);
    QuietWait.connectionBegan();
    SocketConnection connection = null;
    try {
      connection = new SocketConnection(channel, context);
      if (leadership != null) {
        connection.passLeadBeforeWaiting(leadership, firstBytesThere);
      }
      live.add(connection);
      if (security.secure(connection)) {
        handler.serve(connection);
      }
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
      // The address's share first: once the connection no longer counts as active in the
      // statistics, a new one from the same address is admitted. The permit last: the shutdown's
      // drain waits for every permit and then reads the statistics.
      admission.left(from);
      active.decrementAndGet();
      QuietWait.connectionEnded();
      admission.release();
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to do for a connection we are abandoning
    }
  }

  private void stopListenerWatch() {
    if (listenerWatch != null) {
      listenerWatch.stop();
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

  /** The TLS handshakes so far: completed, and failed by reason (all zero in the clear). */
  public TlsHandshakeStats tlsHandshakes() {
    return security.stats();
  }

  /**
   * Connections accepted by a leader that waited for them in the kernel while the process was quiet
   * ({@link QuietWait}); 0 with platform threads.
   */
  public long quietAccepts() {
    return quietAccepts.sum();
  }

  /**
   * Times a connection came while the leader served one it took quietly, and the listener's alarm
   * rang for it ({@link ListenerAlarm}); 0 where there is no alarm (tests).
   */
  long listenerAlarmRings() {
    return listenerAlarm == null ? 0 : listenerAlarm.rings();
  }

  /** Whether the listener's alarm rings for this server (tests). */
  boolean hasListenerAlarm() {
    return listenerAlarm != null && listenerAlarm.available();
  }

  /** Times the accept loop passed to another thread (virtual threads; ADR 0050); 0 otherwise. */
  long leadPasses() {
    return leadership == null ? 0 : leadership.passes();
  }

  /** Connections refused because their address had {@code --max-connections-per-ip} open. */
  public long refusedForAddress() {
    return refusedForAddress.sum();
  }

  /** Whether this listener speaks TLS. */
  public boolean tls() {
    return security.isTls();
  }

  /** The counters as they are now. */
  public TransportStats stats() {
    return new TransportStats(
        accepted.sum(),
        active.get(),
        peak.get(),
        requests.sum(),
        refused.sum(),
        aborted,
        traffic.received.sum(),
        traffic.sent.sum(),
        traffic.headerTimeouts.sum(),
        traffic.bodyTimeouts.sum(),
        traffic.idleTimeouts.sum(),
        traffic.writeTimeouts.sum(),
        idleClosed.sum());
  }

  // ---------------------------------------------------------------- stopping

  /**
   * The graceful shutdown, run by the JVM's shutdown hook on SIGTERM or SIGINT:
   *
   * <ol>
   *   <li>close the listener at once, so new connections are refused;
   *   <li>close every connection that is waiting for its next request;
   *   <li>let requests in flight finish, each answered with {@code Connection: close} (the handler
   *       sees {@link dev.mtserver.http.spi.ClientConnection#draining()}), for up to {@code
   *       shutdownGrace};
   *   <li>then cut off what is left: their blocked reads and writes fail, so handlers clean up (an
   *       upload deletes its partial file), for which they get a few more seconds;
   *   <li>log one line: requests served, peak connections, refusals, connections cut off.
   * </ol>
   *
   * Calling it again, or concurrently, waits for the first call and returns the same counters.
   *
   * @return the final counters
   * @throws IllegalStateException after the drain, if the accept loop had died of an error (such as
   *     an {@code OutOfMemoryError}), so that the process does not report a clean stop
   */
  public synchronized TransportStats shutdown() {
    if (finalStats != null) {
      return finalStats; // (a failed accept loop was reported by the first call)
    }
    long started = System.nanoTime();
    draining = true;
    if (listener != null) {
      quietWait.release(listener); // a leader waiting in the kernel would keep it listening
      closeListenerQuietly();
      stopListenerWatch(); // wakes its leader; its selector holds the descriptor open till then
      acceptor.interrupt();
      joinAcceptor();
      for (SocketConnection connection : refusing) {
        connection.abort(); // a 503 or a health check: nothing worth the grace
      }
      int idle = 0;
      for (SocketConnection connection : live) {
        idle += connection.closeIfIdle() ? 1 : 0;
      }
      log.info(
          "Shutting down: listener closed, {} idle connections closed, {} in flight get up to {}",
          idle,
          Math.max(0, active.get() - idle),
          Durations.format(config.shutdownGrace()));
      if (!awaitWorkers(config.shutdownGrace())) {
        long cut = 0;
        for (SocketConnection connection : live) {
          connection.abort();
          cut++;
        }
        aborted = cut;
        if (!awaitWorkers(ABORT_SETTLE)) {
          log.warn(
              "{} workers still running {} after they were cut off",
              active.get(),
              Durations.format(ABORT_SETTLE));
        }
      }
      watchdog.stop();
      if (leadership != null) {
        leadership.stop();
      }
      if (listenerAlarm != null) {
        listenerAlarm.stop(); // once no connection is served: no leader arms it any more
      }
    }
    workers.shutdown();
    finalStats = stats();
    log.info(
        "Stopped after {} ms: {} requests on {} connections, peak {} connections at once, "
            + "{} refused with 503, {} cut off after the {} grace",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        finalStats.requests(),
        finalStats.acceptedConnections(),
        finalStats.peakConnections(),
        finalStats.refusedConnections(),
        finalStats.abortedConnections(),
        Durations.format(config.shutdownGrace()));
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
      return admission.awaitAllReleased(timeout);
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
