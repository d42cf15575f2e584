package dev.mtserver.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * Translates a {@link PostgresConfig} into a HikariCP pool. One job: every driver setting is here.
 */
final class SubmissionPool {

  private SubmissionPool() {}

  /**
   * Opens the pool and one connection, at once: an unreachable database or a refused log-in throws
   * here (HikariCP's {@code PoolInitializationException}), not at the first submission.
   *
   * @param threads makes the pool's housekeeping threads (adding, closing and checking connections)
   */
  static HikariDataSource open(PostgresConfig config, ThreadFactory threads) {
    PoolSettings pool = config.pool();
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("mtserver-submissions");
    hikari.setDriverClassName(org.postgresql.Driver.class.getName());
    hikari.setJdbcUrl(config.connectionUrl());
    hikari.setUsername(config.user());
    if (!config.password().isEmpty()) {
      hikari.setPassword(config.password());
    }
    hikari.setThreadFactory(threads);
    hikari.setMaximumPoolSize(pool.maxConnections());
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(pool.connectionWait().toMillis());
    hikari.setValidationTimeout(Math.max(250, Math.min(1_000, pool.connectionWait().toMillis())));
    hikari.setInitializationFailTimeout(1); // one attempt, then fail: see open's Javadoc
    // Every use is an explicit transaction: an insert whose answer is lost is then not committed
    // behind the caller's back once the server answers again (PostgresSubmissionLog.commit).
    hikari.setAutoCommit(false);
    // The server cancels a statement that runs (or waits for a lock) too long.
    hikari.setConnectionInitSql("SET statement_timeout = " + pool.statementTimeout().toMillis());

    hikari.addDataSourceProperty("ApplicationName", pool.applicationName());
    hikari.addDataSourceProperty("connectTimeout", seconds(pool.connectTimeout()));
    // A server that stops answering altogether (frozen, cut off) is given up on this late.
    hikari.addDataSourceProperty("socketTimeout", seconds(pool.socketTimeout()));
    // With a log-in timeout the driver opens every connection on a new thread of its own; the
    // connect and socket timeouts bound the log-in as well, on the pool's thread.
    hikari.addDataSourceProperty("loginTimeout", "0");
    hikari.addDataSourceProperty("tcpKeepAlive", "true");
    // The URL's own parameters (sslmode, ...) come last and win.
    config.driverParameters().forEach(hikari::addDataSourceProperty);
    return new HikariDataSource(hikari);
  }

  /** The driver counts these timeouts in whole seconds: round up, never to 0 (which is "none"). */
  private static String seconds(Duration duration) {
    long millis = duration.toMillis();
    return Long.toString(Math.max(1, (millis + 999) / 1000));
  }
}
