package dev.mtserver.dynamic.cgi;

import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.ScriptOutcome;
import dev.mtserver.domain.script.ScriptRunnerPort;
import dev.mtserver.domain.script.gateway.GatewayVariables;
import dev.mtserver.domain.script.gateway.MalformedScriptHeadException;
import dev.mtserver.domain.script.gateway.ScriptHead;
import dev.mtserver.domain.script.gateway.ScriptHeadParser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ScriptRunnerPort} over CGI/1.1: one {@code php-cgi} child process per request.
 *
 * <p>For each request, on the caller's (worker) thread:
 *
 * <ol>
 *   <li>answer {@link ScriptOutcome.Failed} (502) for a script that is not a local file ({@link
 *       dev.mtserver.domain.script.ScriptLocation#localFileName}): php-cgi runs files of this host
 *       only;
 *   <li>refuse at once (503) when every slot is taken, before the body is read;
 *   <li>spool the request body to disk ({@link BodySpool}): a slow client never holds a slot, and
 *       the script gets a {@code CONTENT_LENGTH} even for a chunked body; a full disk is {@link
 *       ScriptOutcome.StorageFull} (507);
 *   <li>take a slot (the semaphore of {@code maxScripts} permits; it is given back when the process
 *       has exited, however that happens), start the interpreter with the environment from {@link
 *       CgiEnvironment}, the spooled file as its stdin, and arm its deadline;
 *   <li>read its header block ({@link ScriptHeadParser}) and, for a document with a body (not HEAD,
 *       204 or 304), what it has written of the body so far, up to {@value #READ_AHEAD_BYTES} bytes
 *       and only while the pipe holds more — so a script that stalls before its first byte of body
 *       still gets a clean 504, and a page whose output has already ended is sent with a {@code
 *       Content-Length} (otherwise with the length it declared, or chunked); an ended output that
 *       disagrees with its declared length is {@link ScriptOutcome.Failed};
 *   <li>return the outcome; the body then streams from {@link ProcessOutput}.
 * </ol>
 *
 * <p>Nothing is sent before the header is complete and valid: a script that writes nothing or a
 * malformed header is {@link ScriptOutcome.Failed} (502), one that runs out of time before it is
 * {@link ScriptOutcome.TimedOut} (504). {@link #close} kills every script still running.
 */
public final class CgiScriptRunner implements ScriptRunnerPort, AutoCloseable {

  /** At most this much body is read ahead with the header (what the pipe holds already). */
  static final int READ_AHEAD_BYTES = 16 * 1024;

  /** What a refused client is told to wait. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(CgiScriptRunner.class);
  private static final BodySpool.Spooled NO_BODY = new BodySpool.Spooled(null, 0);

  private final CgiConfig config;
  private final ThreadFactory stderrThreads;
  private final Semaphore slots;
  private final BodySpool spool;
  private final CgiEnvironment environment;
  private final Set<ScriptProcess> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * @param stderrThreads makes the one thread per script that drains its stderr into the log; the
   *     app hands over a factory from its {@code ThreadSource} (ADR 0016, 0038)
   * @throws IOException if the spool directory cannot be created or cleaned
   */
  public CgiScriptRunner(CgiConfig config, ThreadFactory stderrThreads) throws IOException {
    this.config = Objects.requireNonNull(config, "config");
    this.stderrThreads = Objects.requireNonNull(stderrThreads, "stderrThreads");
    this.slots = new Semaphore(config.maxScripts());
    this.spool = new BodySpool(config.spoolDirectory());
    this.environment =
        new CgiEnvironment(config.serverSoftware(), config.documentRoot().toString());
  }

  @Override
  public ScriptOutcome run(ScriptFile script, ScriptInvocation invocation) throws IOException {
    Optional<String> fileName = script.location().localFileName();
    if (fileName
        .isEmpty()) { // php-cgi runs files of this host only: a store of another kind cannot feed
      // it
      return new ScriptOutcome.Failed(
          "php-cgi cannot run a script kept as " + script.location().kind());
    }
    if (closed || slots.availablePermits() == 0) {
      return new ScriptOutcome.Busy(RETRY_AFTER); // before reading the body: no 100 Continue
    }
    BodySpool.Spooled body;
    try {
      body = invocation.body().isEmpty() ? NO_BODY : spool.spool(invocation.body().content());
    } catch (BodySpool.FullException e) {
      log.warn(
          "Refused a body for {}: the spool directory {} is full",
          script.path(),
          config.spoolDirectory());
      return new ScriptOutcome.StorageFull();
    }
    ScriptProcess process;
    try {
      if (!slots.tryAcquire()) {
        return new ScriptOutcome.Busy(RETRY_AFTER);
      }
      process = start(script, fileName.get(), invocation, body);
    } finally {
      body.delete(); // the child has the file open as its stdin; the name is no longer needed
    }
    if (process == null) {
      return new ScriptOutcome.Failed("could not start " + config.executable());
    }
    boolean answered = false;
    try {
      ScriptOutcome outcome = answer(process, invocation);
      answered =
          outcome instanceof ScriptOutcome.Response
              || outcome instanceof ScriptOutcome.LocalRedirect;
      return outcome;
    } catch (IOException e) {
      log.warn("Could not read the output of {}: {}", process, e.toString());
      return process.timedOut()
          ? new ScriptOutcome.TimedOut()
          : new ScriptOutcome.Failed(e.toString());
    } finally {
      if (!answered) {
        process.stop(ScriptProcess.Stop.ABANDONED);
      }
    }
  }

  /** Starts the interpreter, or returns null (and gives the slot back) if it cannot be started. */
  private ScriptProcess start(
      ScriptFile script, String fileName, ScriptInvocation invocation, BodySpool.Spooled body) {
    long contentLength = GatewayVariables.contentLength(invocation, body.length());
    ProcessBuilder builder =
        new ProcessBuilder(config.executable().toString())
            .directory(
                new File(fileName)
                    .getParentFile()) // the script's own directory, as Apache's CGI does
            .redirectInput(
                body.file() == null ? Redirect.PIPE : Redirect.from(body.file().toFile()));
    builder.environment().clear(); // nothing of the server's own environment reaches a script
    builder.environment().putAll(environment.build(script, fileName, invocation, contentLength));
    Process started;
    try {
      started = builder.start();
    } catch (IOException | RuntimeException e) {
      slots.release();
      log.error("Could not start {} for {}: {}", config.executable(), script.path(), e.toString());
      return null;
    }
    ScriptProcess process = new ScriptProcess(started, script.path().toString());
    running.add(process);
    long startNanos = System.nanoTime();
    // The callback's own future is dropped: it only frees the slot and logs, and throws nothing.
    var unused =
        started
            .onExit()
            .whenComplete(
                (exited, failure) -> {
                  running.remove(process);
                  slots.release();
                  if (log.isDebugEnabled()) {
                    log.debug(
                        "{} exited with {} after {} ms",
                        process,
                        started.exitValue(),
                        (System.nanoTime() - startNanos) / 1_000_000);
                  }
                });
    process.armDeadline(config.timeout());
    if (body.file() == null) {
      closeQuietly(started.getOutputStream()); // no body: the script reads end-of-file at once
    }
    stderrThreads
        .newThread(new StderrLog(started.getErrorStream(), script.path().toString()))
        .start();
    if (closed) {
      process.stop(ScriptProcess.Stop.SHUTDOWN);
    }
    return process;
  }

  private ScriptOutcome answer(ScriptProcess process, ScriptInvocation invocation)
      throws IOException {
    InputStream stdout = process.stdout();
    ScriptHead head;
    try {
      head = ScriptHeadParser.parse(stdout);
    } catch (MalformedScriptHeadException e) {
      if (process.timedOut()) {
        return new ScriptOutcome.TimedOut();
      }
      log.warn("{} gave no valid CGI answer: {}", process, e.getMessage());
      return new ScriptOutcome.Failed(e.getMessage());
    }
    return switch (head) {
      case ScriptHead.LocalRedirect redirect -> {
        stdout.transferTo(
            OutputStream.nullOutputStream()); // a local redirect has no body of its own
        yield process.timedOut()
            ? new ScriptOutcome.TimedOut()
            : new ScriptOutcome.LocalRedirect(redirect.location());
      }
      case ScriptHead.Document document -> document(process, invocation, stdout, document);
    };
  }

  private ScriptOutcome document(
      ScriptProcess process,
      ScriptInvocation invocation,
      InputStream stdout,
      ScriptHead.Document document)
      throws IOException {
    long declared = document.contentLength().orElse(-1);
    boolean bodyless =
        invocation.method().equals("HEAD") || document.status() == 204 || document.status() == 304;
    if (bodyless) {
      return new ScriptOutcome.Response(
          document.status(),
          document.fields(),
          document.contentLength(),
          new ProcessOutput(process, stdout, new byte[0], 0, false, declared));
    }
    byte[] readAhead = new byte[READ_AHEAD_BYTES];
    int length = 0;
    boolean ended = false;
    do {
      int n = stdout.read(readAhead, length, readAhead.length - length);
      if (n < 0) {
        ended = true;
      } else {
        length += n;
      }
    } while (!ended && length < readAhead.length && stdout.available() > 0);
    if (process.timedOut()) {
      return new ScriptOutcome.TimedOut();
    }
    if (ended && declared >= 0 && declared != length) {
      log.warn("{} declared Content-Length {} but wrote {} bytes", process, declared, length);
      return new ScriptOutcome.Failed("Content-Length does not match the body");
    }
    return new ScriptOutcome.Response(
        document.status(),
        document.fields(),
        document.contentLength(),
        new ProcessOutput(process, stdout, readAhead, length, ended, declared));
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      log.debug("close failed", e);
    }
  }

  /** How many scripts are running now. */
  public int running() {
    return running.size();
  }

  /** Refuses new scripts and kills every one still running. */
  @Override
  public void close() {
    closed = true;
    for (ScriptProcess process : running) {
      process.stop(ScriptProcess.Stop.SHUTDOWN);
    }
  }
}
