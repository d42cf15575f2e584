package dev.mtserver.transport.socket;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the socket transport can be told, validated once.
 *
 * @param bindAddress the local address to listen on
 * @param port the port; 0 picks a free one
 * @param portFallbacks how many following ports to try when {@code port} is taken (0 = fail at
 *     once; the CLI uses 19 when no port was given, so 8080 falls back up to 8099)
 * @param backlog the kernel's queue of connections not yet accepted
 * @param threadMode platform or virtual worker threads
 * @param maxConnections how many connections are served at once (the semaphore's permits)
 * @param headerTimeout deadline for a whole request head, from its first byte
 * @param bodyTimeout longest wait for the next bytes of a request body
 * @param idleTimeout longest wait for the next request on a persistent connection
 * @param writeTimeout longest a single write may make no progress before the connection is cut
 * @param shutdownGrace how long in-flight requests may run after shutdown starts
 */
public record TransportConfig(
    InetAddress bindAddress,
    int port,
    int portFallbacks,
    int backlog,
    ThreadMode threadMode,
    int maxConnections,
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    Duration writeTimeout,
    Duration shutdownGrace) {

  public TransportConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(threadMode, "threadMode");
    checkArgument(port >= 0 && port <= 65535, "port must be 0..65535");
    checkArgument(portFallbacks >= 0 && port + portFallbacks <= 65535, "bad port fallback range");
    checkArgument(backlog >= 1, "backlog must be positive");
    checkArgument(maxConnections >= 1, "maxConnections must be positive");
    for (Duration d : new Duration[] {headerTimeout, bodyTimeout, idleTimeout, writeTimeout}) {
      checkArgument(d != null && !d.isNegative() && !d.isZero(), "timeouts must be positive");
    }
    checkArgument(shutdownGrace != null && !shutdownGrace.isNegative(), "bad shutdown grace");
  }

  /** Sane defaults on the loopback address and the given port. */
  public static TransportConfig defaults(InetAddress bindAddress, int port) {
    return new TransportConfig(
        bindAddress,
        port,
        0,
        511,
        ThreadMode.PLATFORM,
        1024,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10));
  }
}
