package dev.mtserver.auth.htpasswd;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what the htpasswd adapter logs while a test runs. */
final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Every message so far, formatted, with the first line of a logged exception appended. */
  List<String> messages() {
    return List.copyOf(appender.list).stream()
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : " | "
                            + e.getThrowableProxy().getClassName()
                            + ": "
                            + e.getThrowableProxy().getMessage()))
        .toList();
  }

  /** The messages that contain {@code text}. */
  List<String> containing(String text) {
    return messages().stream().filter(m -> m.contains(text)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
