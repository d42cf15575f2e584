package dev.mtserver.app.ops;

import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.ContextBase;
import dev.mtserver.http.engine.CompletedExchange;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The access log that is on: it hands each finished exchange, as the immutable record the
 * connection loop made, to a queue; one thread formats and writes the lines.
 *
 * <p>The queue and its thread are Logback's {@link AsyncAppenderBase}, configured to lose nothing:
 * no discarding when it fills ({@code discardingThreshold} 0), and workers wait for room rather
 * than drop a line ({@code neverBlock} false). A worker therefore never formats a date nor touches
 * the disk; it only waits if the disk falls {@value #QUEUE_SIZE} lines behind. {@link #close()}
 * waits for the queue to drain and the last lines to be flushed: the shutdown path calls it after
 * the transport has finished the last request. See {@code docs/adr/0018-access-log-pipeline.md}.
 */
final class QueuedAccessLog implements AccessLog {

  static final int QUEUE_SIZE = 8192;

  /** How long {@link #close()} waits for the queue to drain; a healthy disk needs milliseconds. */
  static final int MAX_FLUSH_MILLIS = 30_000;

  private final AsyncAppenderBase<CompletedExchange> queue;

  /**
   * Exchanges handed to the queue; the writer compares it with what it wrote to see the queue
   * empty.
   */
  private final LongAdder handedOver;

  private QueuedAccessLog(AsyncAppenderBase<CompletedExchange> queue, LongAdder handedOver) {
    this.queue = queue;
    this.handedOver = handedOver;
  }

  /**
   * Starts the access log for {@code target}, a file or a stream.
   *
   * @throws UnavailableException if the log file cannot be opened for appending
   */
  static AccessLog open(AccessLogTarget target) throws UnavailableException {
    // Counted without touching the queue's lock, which the workers contend for already.
    LongAdder handedOver = new LongAdder();
    AccessLogWriter writer =
        switch (target) {
          case AccessLogTarget.Off off ->
              throw new IllegalArgumentException("the access log is off");
          case AccessLogTarget.ToFile toFile -> openFile(toFile, handedOver);
          case AccessLogTarget.ToStream toStream ->
              AccessLogWriter.toStream(toStream.out(), toStream.ready(), handedOver);
        };
    AsyncAppenderBase<CompletedExchange> queue = new AsyncAppenderBase<>();
    Context context = logbackContext();
    writer.setContext(context);
    writer.start();
    queue.setContext(context);
    queue.setName("mtserver-access-log");
    queue.setQueueSize(QUEUE_SIZE);
    queue.setDiscardingThreshold(0);
    queue.setNeverBlock(false);
    queue.setMaxFlushTime(MAX_FLUSH_MILLIS);
    queue.addAppender(writer);
    queue.start();
    return new QueuedAccessLog(queue, handedOver);
  }

  private static AccessLogWriter openFile(AccessLogTarget.ToFile target, LongAdder handedOver)
      throws UnavailableException {
    try {
      return AccessLogWriter.toFile(target.file(), handedOver);
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

  /**
   * Logback's own context (for its status messages), or a private one if SLF4J is bound elsewhere.
   */
  private static Context logbackContext() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    return factory instanceof Context context ? context : new ContextBase();
  }

  @Override
  public void completed(CompletedExchange exchange) {
    queue.doAppend(exchange);
    handedOver
        .increment(); // after: the writer may see the line before the count, never the reverse
  }

  /** Writes every queued line, flushes, and closes the file. Lines reported later are dropped. */
  @Override
  public void close() {
    queue.stop();
  }
}
