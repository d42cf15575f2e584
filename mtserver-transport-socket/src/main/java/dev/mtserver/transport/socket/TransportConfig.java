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
 * @param backlog the kernel's queue of connections not yet accepted ({@code listen(2)}'s backlog)
 * @param threadMode platform or virtual worker threads ({@link ThreadMode#DEFAULT} unless set)
 * @param maxConnections how many connections are served at once (the semaphore's permits); unless
 *     set, the thread mode's {@link ThreadMode#defaultMaxConnections()}
 * @param headerTimeout deadline for a whole request head, counted from its first byte
 * @param bodyTimeout longest wait for the next bytes of a request body; also the grace a body gets
 *     before {@code bodyMinRate} applies
 * @param bodyMinRate the slowest a request body may arrive on average, in bytes per second,
 *     counting only the time spent waiting for it, once {@code bodyTimeout} of such waiting is
 *     spent (0 = no minimum); see {@code docs/adr/0023-body-rate-and-overload-admin.md}
 * @param idleTimeout longest wait for the next request on a persistent connection
 * @param writeTimeout longest a write may make no progress before the connection is cut
 * @param shutdownGrace how long in-flight requests may run after a graceful shutdown starts
 * @param overloadWait how long new connections may wait in the backlog for a free worker while
 *     every permit is taken, before they are answered {@code 503} (0 = answer at once)
 * @param closeLinger how long, at most, a closing connection keeps reading (and discarding) what
 *     the client still sends, so that the close does not become a reset that destroys the last
 *     response in flight (0 = close at once)
 * @param maxConnectionsPerAddress the most connections one client address may have open at once;
 *     more are refused with 503 ({@code --max-connections-per-ip}, 0 = no limit, the default:
 *     behind a proxy or a NAT every client has the same address)
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
    long bodyMinRate,
    Duration idleTimeout,
    Duration writeTimeout,
    Duration shutdownGrace,
    Duration overloadWait,
    Duration closeLinger,
    int maxConnectionsPerAddress) {

  /** Linux's default ceiling ({@code net.core.somaxconn}) and nginx's default backlog. */
  public static final int DEFAULT_BACKLOG = 511;

  /** The default of {@code maxConnections} with the default thread mode. */
  public static final int DEFAULT_MAX_CONNECTIONS = ThreadMode.DEFAULT.defaultMaxConnections();

  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Apache's {@code mod_reqtimeout} default ({@code body=20,MinRate=500}): 4 kbit/s, which any link
   * that can upload at all beats, while a trickle of a byte every few seconds falls behind it
   * within its grace.
   */
  public static final long DEFAULT_BODY_MIN_RATE = 500;

  /**
   * nginx's {@code keepalive_timeout}, 75 s. An idle keep-alive connection holds a permit (and in
   * platform-thread mode an OS thread), but when idle connections hold every permit a new one takes
   * the place of the longest idle (ADR 0008), so a long timeout never refuses a client; on virtual
   * threads an idle connection costs a parked thread and its buffers, about 6 KiB (2,000 idle
   * connections: 99 MiB resident against 87 before them). It was 15 s, which closed a client's idle
   * connections while a benchmark or a browser still meant to use them (ADR 0002, amendment of the
   * nineteenth session).
   */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);

  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_OVERLOAD_WAIT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_CLOSE_LINGER = Duration.ofSeconds(2);

  public TransportConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(threadMode, "threadMode");
    checkArgument(port >= 0 && port <= 65535, "port must be 0..65535");
    checkArgument(portFallbacks >= 0 && port + portFallbacks <= 65535, "bad port fallback range");
    checkArgument(backlog >= 1, "backlog must be positive");
    checkArgument(maxConnections >= 1, "maxConnections must be positive");
    checkPositive(headerTimeout, "headerTimeout");
    checkPositive(bodyTimeout, "bodyTimeout");
    checkArgument(bodyMinRate >= 0, "bodyMinRate must not be negative");
    checkPositive(idleTimeout, "idleTimeout");
    checkPositive(writeTimeout, "writeTimeout");
    checkNotNegative(shutdownGrace, "shutdownGrace");
    checkNotNegative(overloadWait, "overloadWait");
    checkNotNegative(closeLinger, "closeLinger");
    checkArgument(maxConnectionsPerAddress >= 0, "maxConnectionsPerAddress must not be negative");
  }

  private static void checkPositive(Duration d, String name) {
    checkArgument(d != null && d.isPositive(), "%s must be positive", name);
  }

  private static void checkNotNegative(Duration d, String name) {
    checkArgument(d != null && !d.isNegative(), "%s must not be negative", name);
  }

  /** The defaults, listening on {@code bindAddress:port} with no port fallback. */
  public static TransportConfig defaults(InetAddress bindAddress, int port) {
    return builder(bindAddress).port(port).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder(InetAddress bindAddress) {
    return new Builder(bindAddress);
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link TransportConfig}; unset values keep their defaults. */
  public static final class Builder {
    private InetAddress bindAddress;
    private int port;
    private int portFallbacks;
    private int backlog = DEFAULT_BACKLOG;
    private ThreadMode threadMode = ThreadMode.DEFAULT;

    private int maxConnections;

    /** Until set, the thread mode decides the default. */
    private boolean maxConnectionsSet;

    private Duration headerTimeout = DEFAULT_HEADER_TIMEOUT;
    private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
    private long bodyMinRate = DEFAULT_BODY_MIN_RATE;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private Duration overloadWait = DEFAULT_OVERLOAD_WAIT;
    private Duration closeLinger = DEFAULT_CLOSE_LINGER;
    private int maxConnectionsPerAddress;

    private Builder(InetAddress bindAddress) {
      this.bindAddress = bindAddress;
    }

    private Builder(TransportConfig c) {
      bindAddress = c.bindAddress;
      port = c.port;
      portFallbacks = c.portFallbacks;
      backlog = c.backlog;
      threadMode = c.threadMode;
      maxConnections = c.maxConnections;
      // A ceiling equal to its mode's default is "auto": a changed mode brings its own default, so
      // settings made from the defaults with only --threads changed get that mode's ceiling.
      maxConnectionsSet = c.maxConnections != c.threadMode.defaultMaxConnections();
      headerTimeout = c.headerTimeout;
      bodyTimeout = c.bodyTimeout;
      bodyMinRate = c.bodyMinRate;
      idleTimeout = c.idleTimeout;
      writeTimeout = c.writeTimeout;
      shutdownGrace = c.shutdownGrace;
      overloadWait = c.overloadWait;
      closeLinger = c.closeLinger;
      maxConnectionsPerAddress = c.maxConnectionsPerAddress;
    }

    public Builder bindAddress(InetAddress value) {
      bindAddress = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder portFallbacks(int value) {
      portFallbacks = value;
      return this;
    }

    public Builder backlog(int value) {
      backlog = value;
      return this;
    }

    public Builder threadMode(ThreadMode value) {
      threadMode = value;
      return this;
    }

    public Builder maxConnections(int value) {
      maxConnections = value;
      maxConnectionsSet = true;
      return this;
    }

    public Builder headerTimeout(Duration value) {
      headerTimeout = value;
      return this;
    }

    public Builder bodyTimeout(Duration value) {
      bodyTimeout = value;
      return this;
    }

    /** Bytes per second; 0 turns the minimum off. */
    public Builder bodyMinRate(long value) {
      bodyMinRate = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    public Builder writeTimeout(Duration value) {
      writeTimeout = value;
      return this;
    }

    public Builder shutdownGrace(Duration value) {
      shutdownGrace = value;
      return this;
    }

    public Builder overloadWait(Duration value) {
      overloadWait = value;
      return this;
    }

    /** The most connections one client address may have open at once; 0 for no limit. */
    public Builder maxConnectionsPerAddress(int value) {
      maxConnectionsPerAddress = value;
      return this;
    }

    public Builder closeLinger(Duration value) {
      closeLinger = value;
      return this;
    }

    public TransportConfig build() {
      return new TransportConfig(
          bindAddress,
          port,
          portFallbacks,
          backlog,
          threadMode,
          maxConnectionsSet ? maxConnections : threadMode.defaultMaxConnections(),
          headerTimeout,
          bodyTimeout,
          bodyMinRate,
          idleTimeout,
          writeTimeout,
          shutdownGrace,
          overloadWait,
          closeLinger,
          maxConnectionsPerAddress);
    }
  }
}
