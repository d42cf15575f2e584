package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.transport.socket.TransportConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How connections are accepted, timed and stopped: the command line's transport flags.
 *
 * @param backlog connections the kernel queues before {@code accept()} ({@code --backlog})
 * @param headerTimeout deadline for a whole request head ({@code --header-timeout})
 * @param bodyTimeout longest pause inside a request body ({@code --body-timeout})
 * @param idleTimeout longest wait for the next request on a kept-alive connection
 *     ({@code --idle-timeout})
 * @param writeTimeout longest a response write may make no progress ({@code --write-timeout})
 * @param shutdownGrace how long requests in flight may finish after SIGTERM
 *     ({@code --shutdown-grace})
 * @param bodyMinRate the slowest a request body may arrive on average once the body timeout's
 *     grace is spent, in bytes per second; 0 for no minimum ({@code --body-min-rate})
 */
public record ConnectionSettings(
    int backlog,
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    Duration writeTimeout,
    Duration shutdownGrace,
    long bodyMinRate) {

  /** With the default minimum body rate. */
  public ConnectionSettings(
      int backlog, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, Duration writeTimeout,
      Duration shutdownGrace) {
    this(backlog, headerTimeout, bodyTimeout, idleTimeout, writeTimeout, shutdownGrace,
        TransportConfig.DEFAULT_BODY_MIN_RATE);
  }

  public ConnectionSettings {
    checkArgument(backlog >= 1, "backlog must be positive");
    for (Duration timeout : new Duration[] {headerTimeout, bodyTimeout, idleTimeout, writeTimeout}) {
      checkArgument(Objects.requireNonNull(timeout, "timeout").isPositive(), "timeouts must be positive");
    }
    checkArgument(!Objects.requireNonNull(shutdownGrace, "shutdownGrace").isNegative(), "shutdownGrace must not be negative");
    checkArgument(bodyMinRate >= 0, "bodyMinRate must not be negative");
  }

  /** These settings with another minimum body rate (bytes per second; 0 for none). */
  public ConnectionSettings withBodyMinRate(long bytesPerSecond) {
    return new ConnectionSettings(backlog, headerTimeout, bodyTimeout, idleTimeout, writeTimeout, shutdownGrace,
        bytesPerSecond);
  }

  /** The transport's defaults. */
  public static ConnectionSettings defaults() {
    return new ConnectionSettings(
        TransportConfig.DEFAULT_BACKLOG,
        TransportConfig.DEFAULT_HEADER_TIMEOUT,
        TransportConfig.DEFAULT_BODY_TIMEOUT,
        TransportConfig.DEFAULT_IDLE_TIMEOUT,
        TransportConfig.DEFAULT_WRITE_TIMEOUT,
        TransportConfig.DEFAULT_SHUTDOWN_GRACE,
        TransportConfig.DEFAULT_BODY_MIN_RATE);
  }
}
