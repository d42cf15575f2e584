package dev.mtserver.app.cli;

import dev.mtserver.app.ops.AccessLogTarget;
import dev.mtserver.app.ops.LogLevel;
import dev.mtserver.app.ops.OperationsSettings;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The operator's flags: logs, admin endpoints, drain delay and the configuration file. */
final class OperationsOptions {

  static final String CONFIG_OPTION = "--config";

  @Option(
      names = "--access-log",
      paramLabel = "off|stdout|FILE",
      defaultValue = "stdout",
      description =
          "Where the access log goes (NCSA combined format, plus the response time):"
              + " stdout, a file to append to, or off.")
  String accessLog;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      converter = LogLevelConverter.class,
      description = "Application log level on stderr: error, warn, info, debug or trace.")
  LogLevel logLevel;

  @Option(
      names = "--healthz",
      paramLabel = "on|off",
      defaultValue = "on",
      showDefaultValue = Visibility.ALWAYS,
      arity = "1",
      converter = OnOff.class,
      description = "Answer GET /healthz: 200 while serving, 503 while draining.")
  boolean healthz;

  @Option(
      names = "--metrics",
      paramLabel = "on|off",
      defaultValue = "on",
      showDefaultValue = Visibility.ALWAYS,
      arity = "1",
      converter = OnOff.class,
      description = "Answer GET /metrics with counters in the Prometheus text format.")
  boolean metrics;

  @Option(
      names = "--drain-delay",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "On SIGTERM/SIGINT, how long /healthz answers 503 while the server still serves,"
              + " before it stops accepting (time for a load balancer to notice).")
  Duration drainDelay;

  @Option(
      names = CONFIG_OPTION,
      paramLabel = "FILE",
      description = {
        "A properties file of settings (flag names without --, such as port=8080). Every flag can"
            + " also come from an environment variable (--max-upload-size from"
            + " MTSERVER_MAX_UPLOAD_SIZE). Flags win over the environment, which wins over the"
            + " file.",
        "Default: none (or MTSERVER_CONFIG)"
      })
  Path config;

  /**
   * The settings these flags describe; a stdout access log writes through {@code stdout} once
   * {@code ready} opens.
   */
  OperationsSettings settings(OutputStream stdout, CountDownLatch ready) {
    AccessLogTarget target =
        switch (accessLog.strip()) {
          case "off" -> AccessLogTarget.off();
          case "stdout", "-" -> new AccessLogTarget.ToStream(stdout, ready);
          default -> new AccessLogTarget.ToFile(Path.of(accessLog));
        };
    return new OperationsSettings(target, healthz, metrics, drainDelay);
  }

  /** Accepts {@code on}/{@code off} (and {@code true}/{@code false}), in any case. */
  static final class OnOff implements ITypeConverter<Boolean> {
    @Override
    public Boolean convert(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "on", "true" -> true;
        case "off", "false" -> false;
        default -> throw new TypeConversionException("'" + value + "' is not on or off");
      };
    }
  }

  /** Accepts a log level name in any case. */
  static final class LogLevelConverter implements ITypeConverter<LogLevel> {
    @Override
    public LogLevel convert(String value) {
      try {
        return LogLevel.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not one of error, warn, info, debug, trace");
      }
    }
  }
}
