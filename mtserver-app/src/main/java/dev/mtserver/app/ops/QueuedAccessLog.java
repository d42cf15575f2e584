package dev.mtserver.app.ops;

import dev.mtserver.http.engine.CompletedExchange;
import dev.mtserver.threads.ThreadSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log that is on: it hands each finished exchange, as the immutable record the
 * connection loop made, to a bounded queue; one thread, {@code mtserver-access-log}, formats and
 * writes the lines ({@link AccessLogWriter}). See {@code docs/adr/0018-access-log-pipeline.md}.
 *
 * <p>Handing a line over wakes nobody. The writer is never blocked on the queue: it drains it, and
 * when it finds it empty it flushes and sleeps on a timer, {@link #PAUSE} after many lines and
 * {@link #SPARSE_PAUSE} after a few or none, so a line waits at most that long to reach the file
 * and a busy server's lines leave in large writes. A writer that blocked on the empty queue
 * (Logback's {@code AsyncAppender}, which this replaced) had to be woken by the worker for almost
 * every line on a quiet server: a system call on the request path and a thread switched in while
 * the client was still reading the response (docs/benchmarks.md, issue 17). Only two things wake it
 * early: a full queue (the worker waits for room rather than drop the line, and wakes the writer to
 * make it), and the first line after {@link #QUIET_AFTER} without any, when the writer has stopped
 * its timer so that an idle server does not tick.
 *
 * <p>Nothing is lost while the process runs: no line is dropped when the queue fills, and {@link
 * #close()} waits up to {@link #MAX_FLUSH} for every line handed over before it to be written and
 * flushed; the shutdown path calls it after the transport has finished the last request.
 */
final class QueuedAccessLog implements AccessLog {

  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

  static final int QUEUE_SIZE = 8192;

  /**
   * How long the writer sleeps after it wrote at least {@link #SPARSE_LINES} lines, found the queue
   * empty and flushed: a busy server's lines leave in large writes and never fill the queue.
   */
  static final Duration PAUSE = Duration.ofMillis(20);

  /**
   * How long it sleeps after a look that found fewer than {@link #SPARSE_LINES} lines, or none: a
   * line then waits at most this long. Each wake-up costs the writer 100–300 µs of CPU on the
   * benchmark's virtual machine, on the core of the download it lands in (docs/benchmarks.md,
   * twenty-sixth session), and a quiet server's lines come further apart than {@link #PAUSE}.
   */
  static final Duration SPARSE_PAUSE = Duration.ofMillis(100);

  /**
   * Fewer lines than this since the last sleep make the next sleep {@link #SPARSE_PAUSE}: at most
   * 3,200 lines a second, so the queue holds the next 100 ms of them many times over, and a spell
   * of curl downloads or page views wakes the writer five times a second rather than fifty.
   */
  static final int SPARSE_LINES = 64;

  /** After this long without a line the writer sleeps until the next one wakes it. */
  static final Duration QUIET_AFTER = Duration.ofSeconds(1);

  /** How long {@link #close()} waits for the queue to drain; a healthy disk needs milliseconds. */
  static final Duration MAX_FLUSH = Duration.ofSeconds(30);

  /** How long a worker facing a full queue waits before it checks again that the log is open. */
  private static final long FULL_QUEUE_RECHECK_MILLIS = 100;

  private static final int BATCH = 512;

  private final ArrayBlockingQueue<CompletedExchange> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
  private final AccessLogWriter writer;
  private final Thread thread;

  /** Set by the writer before it sleeps with no timer: the next line must wake it. */
  private volatile boolean writerAsleep;

  private volatile boolean closing;

  /** Times the writer went to sleep; each sleep ends in one wake-up (for tests). */
  private final AtomicLong sleeps = new AtomicLong();

  private QueuedAccessLog(AccessLogWriter writer, ThreadSource threads) {
    this.writer = writer;
    this.thread = threads.daemonThread("mtserver-access-log", this::writeUntilClosed);
  }

  /**
   * Starts the access log for {@code target}, a file or a stream, with its writer thread from
   * {@code threads}.
   *
   * @throws UnavailableException if the log file cannot be opened for appending
   */
  static QueuedAccessLog open(AccessLogTarget target, ThreadSource threads)
      throws UnavailableException {
    AccessLogWriter writer =
        switch (target) {
          case AccessLogTarget.Off off ->
              throw new IllegalArgumentException("the access log is off");
          case AccessLogTarget.ToFile toFile -> openFile(toFile);
          case AccessLogTarget.ToStream toStream ->
              AccessLogWriter.toStream(toStream.out(), toStream.ready());
        };
    QueuedAccessLog accessLog = new QueuedAccessLog(writer, threads);
    accessLog.thread.start();
    return accessLog;
  }

  private static AccessLogWriter openFile(AccessLogTarget.ToFile target)
      throws UnavailableException {
    try {
      return AccessLogWriter.toFile(target.file());
    } catch (IOException e) {
      String reason =
          e instanceof java.nio.file.AccessDeniedException
              ? "permission denied"
              : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                  ? fse.getReason()
                  : e.getMessage();
      throw new UnavailableException("cannot open for appending (" + reason + ")", e);
    }
  }

  @Override
  public void completed(CompletedExchange exchange) {
    if (closing) {
      return; // after close(): dropped, as its contract says
    }
    if (!queue.offer(exchange)) {
      waitForRoom(exchange);
    }
    if (writerAsleep) { // read after the offer: the writer sets it before it looks at the queue
      writerAsleep = false;
      LockSupport.unpark(thread);
    }
  }

  /** The queue is full: wake the writer, and wait for room rather than drop the line. */
  private void waitForRoom(CompletedExchange exchange) {
    boolean interrupted = false;
    try {
      while (!closing) {
        LockSupport.unpark(thread);
        try {
          if (queue.offer(exchange, FULL_QUEUE_RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          interrupted = true; // a line is not worth losing for it: keep waiting, say so after
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The writer thread: drain, write, flush when the queue is empty, sleep; until closed. */
  private void writeUntilClosed() {
    List<CompletedExchange> batch = new ArrayList<>(BATCH);
    long lastLine = System.nanoTime();
    int written = 0; // since the last sleep
    while (true) {
      boolean last = closing; // read before the drain: what was queued before close() is written
      if (queue.drainTo(batch, BATCH) > 0) {
        for (CompletedExchange exchange : batch) {
          writer.write(exchange);
        }
        written += batch.size();
        batch.clear();
        lastLine = System.nanoTime();
        continue;
      }
      writer.flush();
      if (last) {
        break;
      }
      if (System.nanoTime() - lastLine >= QUIET_AFTER.toNanos()) {
        sleepUntilWoken();
      } else {
        sleeps.incrementAndGet();
        LockSupport.parkNanos(this, (written >= SPARSE_LINES ? PAUSE : SPARSE_PAUSE).toNanos());
      }
      written = 0;
    }
    writer.close();
  }

  /** Sleeps until a line (or {@link #close()}) wakes it: the server has been quiet a while. */
  private void sleepUntilWoken() {
    sleeps.incrementAndGet();
    writerAsleep = true;
    if (queue.isEmpty() && !closing) { // after setting the flag: a line queued since then wakes it
      LockSupport.park(this);
    }
    writerAsleep = false;
  }

  /** How many times the writer has gone to sleep so far. */
  long sleeps() {
    return sleeps.get();
  }

  /**
   * Writes every line handed over so far, flushes, and closes the file. Lines reported later are
   * dropped.
   */
  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(MAX_FLUSH);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.error(
          "The access log could not write its last {} lines within {} s",
          queue.size(),
          MAX_FLUSH.toSeconds());
    }
  }
}
