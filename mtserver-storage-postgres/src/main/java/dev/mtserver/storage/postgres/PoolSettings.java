package dev.mtserver.storage.postgres;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.Objects;

/**
 * How many connections the submission log may hold and how long any call may wait on the database.
 * Together the limits bound how long a worker thread can be held by one append: at most {@code
 * connectionWait} for a connection, then at most {@link #socketTimeout()} for the answer.
 *
 * @param maxConnections connections in the pool at most; further appends wait for one
 * @param connectionWait how long an append waits for a free connection before it gives up ({@code
 *     TIMED_OUT}); also how long start-up waits for the first connection
 * @param connectTimeout how long opening a new connection (TCP connect and log-in) may take
 * @param statementTimeout how long the database may work on one statement, lock waits included,
 *     before it cancels it ({@code statement_timeout})
 * @param applicationName the name the database shows for these sessions ({@code
 *     pg_stat_activity.application_name})
 */
public record PoolSettings(
    int maxConnections,
    Duration connectionWait,
    Duration connectTimeout,
    Duration statementTimeout,
    String applicationName) {

  // Before DEFAULTS, which the constructor checks against it.
  /** HikariCP refuses to wait less than this for a connection. */
  private static final Duration SHORTEST_WAIT = Duration.ofMillis(250);

  /** Small on purpose: one insert takes a connection for a millisecond or two. */
  public static final PoolSettings DEFAULTS =
      new PoolSettings(
          4, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5), "mtserver");

  /**
   * How much longer than {@link #statementTimeout} the client waits on a silent socket: the
   * server's own cancel comes first; the socket timeout is for a server that no longer answers at
   * all (frozen, or cut off by the network).
   */
  static final Duration SOCKET_GRACE = Duration.ofSeconds(5);

  public PoolSettings {
    Preconditions.checkArgument(
        maxConnections >= 1 && maxConnections <= 100,
        "maxConnections must be 1 to 100, not %s",
        maxConnections);
    checkAtLeast("connectionWait", connectionWait, SHORTEST_WAIT);
    checkAtLeast("connectTimeout", connectTimeout, Duration.ofSeconds(1));
    checkAtLeast("statementTimeout", statementTimeout, Duration.ofMillis(1));
    Objects.requireNonNull(applicationName, "applicationName");
  }

  private static void checkAtLeast(String name, Duration value, Duration least) {
    Objects.requireNonNull(value, name);
    Preconditions.checkArgument(
        value.compareTo(least) >= 0, "%s must be at least %s, not %s", name, least, value);
  }

  /**
   * How long the client waits for any answer on an open connection before it drops the connection:
   * the statement timeout plus {@link #SOCKET_GRACE}.
   */
  public Duration socketTimeout() {
    return statementTimeout.plus(SOCKET_GRACE);
  }
}
