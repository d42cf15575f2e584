package dev.mtserver.app.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The application log's level ({@code --log-level}), applied to Logback's root logger. The
 * application log goes to stderr (see {@link ApplicationLogConfiguration}); the access log is
 * separate and unaffected.
 */
public enum LogLevel {
  ERROR,
  WARN,
  INFO,
  DEBUG,
  TRACE;

  /** Sets the root logger to this level. Does nothing when SLF4J is not bound to Logback. */
  public void apply() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(name()));
    }
  }

  /**
   * Stops Logback, flushing its appenders: the last thing the process does before it exits, since
   * the shutdown hook halts the JVM without running Logback's own hooks.
   */
  public static void stopLogging() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      context.stop();
    }
  }
}
