package dev.mtserver.app.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * The application log's Logback configuration, in code: every line to stderr (stdout carries only
 * the start-up banner and the access log, which has its own pipeline, {@link AccessLog}), in {@link
 * #PATTERN}, at the level {@code MTSERVER_LOG_LEVEL} names (a system property or an environment
 * variable; {@code INFO} if neither), so the first lines already honour it; {@code --log-level}
 * then applies ({@link LogLevel}).
 *
 * <p>Why code and not a {@code logback.xml}: reading the XML file (Joran, on the JDK's SAX parser)
 * cost about a tenth of the server's start: 0.1 s of 1.06 s with the launch's start-up cache, 0.14
 * s of 1.8 s without (docs/benchmarks.md). The program applies it through {@link
 * ApplicationLogProvider}; elsewhere (tests, a library user) Logback finds this class through the
 * {@link java.util.ServiceLoader} ({@code META-INF/services}) before it looks for a file. An
 * operator's own file still wins: with {@code -Dlogback.configurationFile=FILE} this class steps
 * aside and Logback reads that file as usual.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ApplicationLogConfiguration extends ContextAwareBase implements Configurator {

  /** Time, level, thread, logger and message: {@code 12:00:00.000 INFO [main] d.m.a.Main - ...}. */
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

  /** The variable (or system property) that sets the level before the command line is read. */
  static final String LEVEL_VARIABLE = "MTSERVER_LOG_LEVEL";

  /** Logback's own property naming a configuration file; when set, that file is used instead. */
  static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";

  /** For the {@link java.util.ServiceLoader}. */
  public ApplicationLogConfiguration() {
    // nothing to set up before configure()
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(CONFIGURATION_FILE_PROPERTY) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the operator's file, read by Logback itself
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(initialLevel(System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE))));
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The level {@code value} names, in any case; {@code INFO} for none or a name Logback lacks. */
  static Level initialLevel(String value) {
    return value == null || value.isBlank()
        ? Level.INFO
        : Level.toLevel(value.trim().toUpperCase(Locale.ROOT), Level.INFO);
  }
}
