package dev.mtserver.storage.postgres;

import com.google.common.collect.ImmutableList;
import com.google.common.io.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database's schema up to date at start-up: plain SQL files on the class path ({@code
 * db/migration/V<n>__<what>.sql}), each applied once, in order, and recorded in {@code
 * mtserver_schema_version}.
 *
 * <p>All pending migrations run in one transaction that first takes a transaction-scoped advisory
 * lock, so two instances starting at once queue up: the second finds the work done. PostgreSQL runs
 * DDL inside transactions, so a migration that fails leaves nothing half-applied. A database
 * already at a newer version than this server knows (a newer instance migrated it during a rolling
 * upgrade) is used as it is, with a warning: migrations only ever add.
 */
final class SchemaMigrations {

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  /** Every migration, in order. Adding one means a file in db/migration and a line here. */
  static final ImmutableList<Migration> ALL = ImmutableList.of(new Migration(1, "submissions"));

  /**
   * The advisory lock that serialises migrations: "mtserver" in ASCII, as a bigint. Advisory locks
   * are per database, so two databases on one server do not wait for each other.
   */
  private static final long LOCK = 0x6d74736572766572L;

  /** Start-up may wait this long for another instance's migration (or a slow DDL) to finish. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** One SQL file. */
  record Migration(int version, String description) {
    String resource() {
      return "db/migration/V" + version + "__" + description + ".sql";
    }

    String sql() {
      try {
        return Resources.toString(
            Resources.getResource(SchemaMigrations.class, "/" + resource()),
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + resource(), e);
      }
    }
  }

  private SchemaMigrations() {}

  /**
   * Applies what is missing, on a pooled {@code connection} (the pool restores its auto-commit and
   * network timeout when it is closed).
   *
   * @return the schema version the database is at now
   */
  static int apply(Connection connection) throws SQLException {
    int timeoutMillis = Math.toIntExact(TIMEOUT.toMillis());
    // Longer than an append may take, for this transaction only; the socket waits a little more.
    connection.setNetworkTimeout(Runnable::run, timeoutMillis + 5_000);
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL statement_timeout = " + timeoutMillis);
      statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      statement.execute(
          """
          CREATE TABLE IF NOT EXISTS mtserver_schema_version (
              version     integer     PRIMARY KEY,
              description text        NOT NULL,
              applied_at  timestamptz NOT NULL DEFAULT now())\
          """);
      int current = currentVersion(statement);
      int latest = ALL.getLast().version();
      for (Migration migration : ALL) {
        if (migration.version() > current) {
          statement.execute(migration.sql());
          record(connection, migration);
          log.info("Applied database migration {}", migration.resource());
        }
      }
      connection.commit();
      if (current > latest) {
        log.warn(
            "The database's schema is at version {}, newer than this server's {}; using it as it"
                + " is",
            current,
            latest);
      }
      return Math.max(current, latest);
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException alsoFailed) {
        e.addSuppressed(alsoFailed); // a broken connection: the server rolls back by itself
      }
      throw e;
    }
  }

  private static int currentVersion(Statement statement) throws SQLException {
    try (ResultSet rows =
        statement.executeQuery("SELECT coalesce(max(version), 0) FROM mtserver_schema_version")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void record(Connection connection, Migration migration) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO mtserver_schema_version (version, description) VALUES (?, ?)")) {
      insert.setInt(1, migration.version());
      insert.setString(2, migration.description());
      insert.executeUpdate();
    }
  }
}
