package dev.mtserver.dynamic.fastcgi;

import dev.mtserver.domain.script.RequestBody;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.ScriptOutcome;
import dev.mtserver.domain.script.ScriptRunnerPort;
import dev.mtserver.domain.script.gateway.GatewayVariables;
import dev.mtserver.domain.script.gateway.MalformedScriptHeadException;
import dev.mtserver.domain.script.gateway.ScriptHead;
import dev.mtserver.domain.script.gateway.ScriptHeadParser;
import dev.mtserver.domain.upload.StorageFullException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ScriptRunnerPort} over FastCGI: each script runs on php-fpm, reached through a bounded
 * pool of kept-alive connections ({@link ConnectionPool}).
 *
 * <p>For each request, on the caller's (worker) thread:
 *
 * <ol>
 *   <li>take a lease on a connection, waiting {@code queueWait} at most, before any of the body is
 *       read: past that the answer is {@link ScriptOutcome.Busy} (503, no {@code 100 Continue});
 *   <li>a body of unknown length (chunked) is read whole first ({@link UnknownLengthBody}), since
 *       PHP needs {@code CONTENT_LENGTH}; a body of known length is not: it streams;
 *   <li>take the idle connection used last, or open one (php-fpm unreachable: {@link
 *       ScriptOutcome.Failed}, 502), and send the request ({@link FastCgiExchange}) with the
 *       domain's {@link GatewayVariables};
 *   <li>read the answer's header block with the domain's {@link ScriptHeadParser} — strictly, and
 *       before anything is sent — then what php-fpm has already sent of the body, so a short page
 *       goes out with a {@code Content-Length};
 *   <li>return the outcome; the body then streams from {@link FastCgiOutput}.
 * </ol>
 *
 * <p>No output, a malformed header or a broken protocol is {@link ScriptOutcome.Failed} (502); a
 * script out of time before its header is complete {@link ScriptOutcome.TimedOut} (504), and its
 * request is aborted and its connection closed. A kept connection that php-fpm closed meanwhile
 * (its worker reached {@code pm.max_requests}, or php-fpm restarted) fails before any answer: a GET
 * or HEAD without a body is then sent once more on a new connection. {@link #close} closes the idle
 * connections and refuses new requests.
 *
 * <p>Requests run on the caller's thread: see {@link FastCgiExchange} for how one thread sends and
 * receives. One timer thread, from the {@code ThreadFactory} its owner gives it, is the pool's
 * watchdog (every {@link ConnectionPool#WATCHDOG_INTERVAL} it cuts the connection of a request past
 * its deadline) and closes connections idle past {@link #IDLE_LIMIT} (every {@link
 * #IDLE_CHECK_INTERVAL}), so a quiet pool gives php-fpm's workers back to its other clients.
 */
public final class FastCgiScriptRunner implements ScriptRunnerPort, AutoCloseable {

  /** At most this much body is read ahead with the header (what php-fpm has sent already). */
  static final int READ_AHEAD_BYTES = 16 * 1024;

  /**
   * How long the read-ahead waits for the end of a page that fits it: php-fpm sends a page and the
   * records that end it in two writes, a moment apart. Seen whole, the page goes out with a {@code
   * Content-Length}, in one write; a script that flushes and carries on is seen flushing this much
   * later at most. Only for a request with a body: without one, the connection is in blocking mode,
   * which cannot wait with a limit, and the read-ahead looks once more without waiting.
   */
  static final Duration READ_AHEAD_LINGER = Duration.ofMillis(1);

  /**
   * How long a kept connection may stay idle before it is closed, freeing the php-fpm worker bound
   * to it; the runner's timer enforces it while no request comes.
   */
  public static final Duration IDLE_LIMIT = ConnectionPool.DEFAULT_IDLE_LIMIT;

  /** How often the runner's timer closes the connections idle past {@link #IDLE_LIMIT}. */
  public static final Duration IDLE_CHECK_INTERVAL = Duration.ofSeconds(1);

  /** What a refused client is told to wait. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** Requests that may be sent again when a kept connection turns out to be closed. */
  private static final Set<String> REPEATABLE = Set.of("GET", "HEAD");

  private static final Logger log = LoggerFactory.getLogger(FastCgiScriptRunner.class);

  private final FastCgiConfig config;
  private final ConnectionPool pool;
  private final GatewayVariables variables;
  private final ScheduledExecutorService timer;
  private volatile boolean closed;

  /**
   * @param timerThreads makes the runner's one timer thread (the watchdog and the idle check)
   * @throws IOException if the spool directory cannot be created or cleaned
   */
  public FastCgiScriptRunner(FastCgiConfig config, ThreadFactory timerThreads) throws IOException {
    this(config, timerThreads, IDLE_LIMIT);
  }

  /** With another idle limit than {@link #IDLE_LIMIT}: for tests that cannot wait for it. */
  FastCgiScriptRunner(FastCgiConfig config, ThreadFactory timerThreads, Duration idleLimit)
      throws IOException {
    this.config = Objects.requireNonNull(config, "config");
    Files.createDirectories(config.spoolDirectory());
    UnknownLengthBody.removeStale(config.spoolDirectory());
    this.pool = new ConnectionPool(config.address(), config.maxConnections(), idleLimit);
    this.variables =
        new GatewayVariables(config.serverSoftware(), config.documentRoot().toString());
    this.timer = new ScheduledThreadPoolExecutor(1, timerThreads);
    every(ConnectionPool.WATCHDOG_INTERVAL, pool::cutOverdue);
    every(IDLE_CHECK_INTERVAL, pool::closeIdle);
  }

  /** Runs {@code task} on the timer; a failure is logged, and the task runs again next time. */
  private void every(Duration interval, Runnable task) {
    long millis = interval.toMillis();
    var unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                task.run();
              } catch (RuntimeException e) {
                log.error("php-fpm connection housekeeping failed", e);
              }
            },
            millis,
            millis,
            TimeUnit.MILLISECONDS);
  }

  @Override
  public ScriptOutcome run(ScriptFile script, ScriptInvocation invocation) throws IOException {
    Optional<String> fileName = script.location().localFileName();
    if (fileName.isEmpty()) { // php-fpm opens the file itself, on a host that sees this one's files
      return new ScriptOutcome.Failed(
          "php-fpm cannot run a script kept as " + script.location().kind());
    }
    ConnectionPool.Lease lease;
    try {
      lease = closed ? null : pool.acquire(config.queueWait());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lease = null;
    }
    if (lease == null) {
      return new ScriptOutcome.Busy(RETRY_AFTER); // before reading the body: no 100 Continue
    }
    String name = script.path().toString();
    UnknownLengthBody spooled = null;
    FastCgiExchange exchange = null;
    boolean answered = false;
    try {
      RequestBody body = invocation.body();
      long length = body.length();
      InputStream content = body.content();
      if (length < 0) {
        try {
          spooled = UnknownLengthBody.read(content, config.spoolDirectory());
        } catch (UncheckedIOException e) {
          return spoolFailed(name, e.getCause());
        }
        length = spooled.length();
        content = spooled.content();
      }
      Map<String, String> params =
          variables.build(
              script,
              fileName.get(),
              invocation,
              GatewayVariables.contentLength(invocation, length));
      boolean repeatable = length == 0 && REPEATABLE.contains(invocation.method());
      FastCgiConnection connection;
      try {
        connection = lease.connection(repeatable);
      } catch (IOException e) {
        return unreachable(name, e);
      }
      while (true) {
        exchange =
            new FastCgiExchange(
                lease, connection, name, config.timeout(), content, length, spooled);
        try {
          ScriptOutcome outcome = answer(exchange, name, invocation, params);
          answered = outcome instanceof ScriptOutcome.Response;
          return outcome;
        } catch (ConnectionLostException e) {
          if (!(repeatable && lease.reusedConnection())) {
            log.warn("php-fpm failed {}: {}", name, e.getCause().toString());
            return new ScriptOutcome.Failed("php-fpm failed: " + e.getCause());
          }
          log.debug("A kept connection to php-fpm was closed; {} goes on a new one", name);
          exchange.giveUpConnection();
          exchange = null;
          try {
            connection = lease.reconnect();
          } catch (IOException again) {
            return unreachable(name, again);
          }
          repeatable = false;
        }
      }
    } finally {
      if (!answered) {
        if (exchange != null) {
          exchange.close(); // gives the lease back, closes the spooled body
        } else {
          lease.release(false);
          if (spooled != null) {
            spooled.close();
          }
        }
      }
    }
  }

  /** Talks to php-fpm up to the answer's header (and what is there of its body). */
  private ScriptOutcome answer(
      FastCgiExchange exchange,
      String name,
      ScriptInvocation invocation,
      Map<String, String> params)
      throws IOException, ConnectionLostException {
    InputStream stdout = exchange.stdout();
    try {
      exchange.start(params);
      ScriptHead head = ScriptHeadParser.parse(stdout);
      return switch (head) {
        case ScriptHead.LocalRedirect redirect -> {
          stdout.transferTo(
              OutputStream.nullOutputStream()); // a local redirect has no body of its own
          yield new ScriptOutcome.LocalRedirect(redirect.location());
        }
        case ScriptHead.Document document -> document(exchange, name, invocation, document);
      };
    } catch (MalformedScriptHeadException e) {
      log.warn("{} gave no valid CGI answer: {}", name, e.getMessage());
      return new ScriptOutcome.Failed(e.getMessage());
    } catch (ClientBodyException e) {
      throw e.clientFailure();
    } catch (ScriptTimeoutException e) {
      log.warn(
          "{} ran past its {} s limit; its FastCGI request was aborted",
          name,
          config.timeout().toMillis() / 1000.0);
      return new ScriptOutcome.TimedOut();
    } catch (RequestRefusedException e) {
      log.warn("{}: {}", name, e.getMessage());
      return e.overloaded()
          ? new ScriptOutcome.Busy(RETRY_AFTER)
          : new ScriptOutcome.Failed(e.getMessage());
    } catch (FastCgiProtocolException e) {
      log.warn("php-fpm broke the FastCGI protocol answering {}: {}", name, e.getMessage());
      return new ScriptOutcome.Failed(e.getMessage());
    } catch (IOException e) {
      if (!exchange.heardFromPhpFpm()) {
        throw new ConnectionLostException(e);
      }
      log.warn("php-fpm failed {}: {}", name, e.toString());
      return new ScriptOutcome.Failed("php-fpm failed: " + e);
    }
  }

  private ScriptOutcome document(
      FastCgiExchange exchange,
      String name,
      ScriptInvocation invocation,
      ScriptHead.Document document)
      throws IOException {
    InputStream stdout = exchange.stdout();
    long declared = document.contentLength().orElse(-1);
    boolean bodyless =
        invocation.method().equals("HEAD") || document.status() == 204 || document.status() == 304;
    if (bodyless) {
      return new ScriptOutcome.Response(
          document.status(),
          document.fields(),
          document.contentLength(),
          new FastCgiOutput(exchange, name, new byte[0], 0, false, declared));
    }
    byte[] readAhead = exchange.outputBuffer();
    int length = 0;
    boolean ended = false;
    do {
      int n = stdout.read(readAhead, length, readAhead.length - length);
      if (n < 0) {
        ended = true;
      } else {
        length += n;
      }
    } while (!ended
        && length < readAhead.length
        && (stdout.available() > 0 || exchange.awaitOutputOrEnd(READ_AHEAD_LINGER.toNanos())));
    if (ended && declared >= 0 && declared != length) {
      log.warn("{} declared Content-Length {} but wrote {} bytes", name, declared, length);
      return new ScriptOutcome.Failed("Content-Length does not match the body");
    }
    return new ScriptOutcome.Response(
        document.status(),
        document.fields(),
        document.contentLength(),
        new FastCgiOutput(
            exchange, name, Arrays.copyOf(readAhead, length), length, ended, declared));
  }

  /**
   * The spool could not keep a chunked body (its partial file is already gone): a full disk is
   * {@link ScriptOutcome.StorageFull} (507, as for an upload), anything else {@link
   * ScriptOutcome.Failed}. Nothing has been sent to php-fpm.
   */
  private static ScriptOutcome spoolFailed(String name, IOException e) {
    String reason =
        e instanceof FileSystemException fse && fse.getReason() != null
            ? fse.getReason()
            : e.getMessage();
    if (StorageFullException.meansFull(reason)) {
      log.warn("No room to spool the request body for {}: {}", name, reason);
      return new ScriptOutcome.StorageFull();
    }
    log.warn("Could not spool the request body for {}: {}", name, e.toString());
    return new ScriptOutcome.Failed("could not spool the request body: " + e);
  }

  private ScriptOutcome unreachable(String name, IOException e) {
    log.warn("Could not connect to php-fpm at {} for {}: {}", config.address(), name, e.toString());
    return new ScriptOutcome.Failed("php-fpm unreachable: " + e);
  }

  /**
   * Closes the connections idle for longer than {@link #IDLE_LIMIT}, so that php-fpm's workers
   * bound to them serve its other clients: what the runner's timer does every {@link
   * #IDLE_CHECK_INTERVAL} (requests do the same check as they take and give back connections). Safe
   * from any thread.
   *
   * @return how many connections it closed
   */
  public int closeIdleConnections() {
    return pool.closeIdle();
  }

  /** How many connections to php-fpm are open now, idle or in use. */
  public int openConnections() {
    return pool.openConnections();
  }

  /** How many of them wait, idle, for the next request. */
  public int idleConnections() {
    return pool.idleConnections();
  }

  /** How many connections to php-fpm have been opened since the start. */
  public long connectionsOpened() {
    return pool.connectionsOpened();
  }

  /**
   * Refuses new requests, stops the timer and closes the idle connections; those in use close when
   * their request ends.
   */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    pool.close();
  }

  /** The connection failed before php-fpm sent anything: it may have been closed while idle. */
  private static final class ConnectionLostException extends Exception {
    private static final long serialVersionUID = 1L;

    ConnectionLostException(IOException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
