package dev.mtserver.app.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what the server logs at ERROR while a test runs: the level at which a bug in the server
 * (a worker that failed, an uncaught throwable) shows itself, as opposed to a client's
 * misbehaviour, which is logged lower.
 */
final class ErrorLog implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  ErrorLog() {
    appender.setName("reliability-errors");
    appender.start();
    root.addAppender(appender);
  }

  /** Every ERROR so far, as "logger: message". */
  List<String> errors() {
    synchronized (appender) { // AppenderBase appends under this lock
      return appender.list.stream()
          .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
          .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
          .toList();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
