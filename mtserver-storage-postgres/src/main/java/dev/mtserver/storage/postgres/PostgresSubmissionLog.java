package dev.mtserver.storage.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.mtserver.domain.form.AppendSubmissionPort;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.FormSubmission;
import dev.mtserver.domain.store.StoreUnavailableException;
import java.io.Closeable;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AppendSubmissionPort} as a PostgreSQL table: one row per submission in {@code
 * mtserver_submissions}, holding what a line of {@code submissions.jsonl} holds (docs/adr/0031).
 *
 * <p>The promises are the JSON-lines log's: {@link #append} returns only once the row is committed
 * (an {@code INSERT} and a {@code COMMIT}, which the server acknowledges after its WAL flush);
 * concurrent appends never interleave (each is its own row, written by its own statement on its own
 * connection); a failed append records nothing. The one exception, as with the file's {@code
 * fsync}: a commit sent whose answer never came back may have happened; that is reported as a plain
 * {@link IOException}, never as "unavailable". Unlike the file, the table may be shared by several
 * server instances.
 *
 * <p>Faults: a database that is down, refuses the log-in or is mid-failover gives {@link
 * StoreUnavailableException} with {@code UNREACHABLE}; one that does not answer in time (no free
 * connection within {@link PoolSettings#connectionWait()}, a statement cancelled after {@link
 * PoolSettings#statementTimeout()}, a silent socket) gives {@code TIMED_OUT}. Either way the worker
 * is back within those bounds and the pool recovers by itself when the database does.
 */
public final class PostgresSubmissionLog implements AppendSubmissionPort, Closeable {

  private static final Logger log = LoggerFactory.getLogger(PostgresSubmissionLog.class);

  /**
   * One statement, so one atomic row. The server builds the fields' JSON from two parallel text
   * arrays (names, values), in the order given: no JSON is written by hand, and jsonb keeps array
   * order (it would not keep an object's key order or repeated keys).
   */
  private static final String INSERT =
      """
      INSERT INTO mtserver_submissions (received_at, path, remote_address, files, fields)
      SELECT ?, ?, ?, ?,
             coalesce(jsonb_agg(jsonb_build_object('name', f.name, 'value', f.value)
                                ORDER BY f.position),
                      '[]'::jsonb)
        FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS f(name, value, position)\
      """;

  private final HikariDataSource pool;
  private final String database;

  /** How long {@link #probe} waits for the server to confirm a connection. */
  private static final int PROBE_SECONDS = 2;

  private PostgresSubmissionLog(HikariDataSource pool, String database) {
    this.pool = pool;
    this.database = database;
  }

  /**
   * Connects, brings the schema up to date (creating the table if it is missing) and returns a log
   * ready for appends. This is the start-up check: whatever would make every append fail is
   * reported here instead.
   *
   * @param poolThreads makes the connection pool's few housekeeping threads (daemon threads, so
   *     that they never keep the JVM alive)
   * @throws PostgresStartupException naming the database and the reason, never the password
   */
  public static PostgresSubmissionLog open(PostgresConfig config, ThreadFactory poolThreads)
      throws PostgresStartupException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(poolThreads, "poolThreads");
    HikariDataSource pool;
    try {
      pool = SubmissionPool.open(config, poolThreads);
    } catch (RuntimeException e) { // HikariCP's PoolInitializationException, with the cause
      throw SqlFailures.ofStart(e, config);
    }
    try (Connection connection = pool.getConnection()) {
      int version = SchemaMigrations.apply(connection);
      log.info("Submissions are recorded in {} (schema version {})", config.describe(), version);
      return new PostgresSubmissionLog(pool, config.describe());
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw SqlFailures.ofStart(e, config);
    }
  }

  /**
   * Inserts and commits in two steps, so that a failure before the commit is known to have recorded
   * nothing (the pool rolls an uncommitted insert back, and a broken connection takes it with it),
   * and only a commit whose answer was lost leaves the outcome open.
   */
  @Override
  public void append(FormSubmission submission) throws IOException {
    Connection connection;
    try {
      connection = pool.getConnection(); // outside auto-commit: see SubmissionPool
    } catch (SQLException e) {
      throw SqlFailures.ofAppend(e, database);
    }
    try {
      insert(connection, submission);
    } catch (SQLException e) {
      release(connection, e);
      throw SqlFailures.ofAppend(e, database);
    }
    try {
      connection.commit();
    } catch (SQLException e) {
      release(connection, e);
      throw SqlFailures.ofCommit(e, database);
    }
    release(connection, null);
  }

  private static void insert(Connection connection, FormSubmission submission) throws SQLException {
    List<FormField> fields = submission.fields();
    String[] names = new String[fields.size()];
    String[] values = new String[fields.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = storable(fields.get(i).name());
      values[i] = storable(fields.get(i).value());
    }
    String[] files =
        submission.storedFiles().stream()
            .map(PostgresSubmissionLog::storable)
            .toArray(String[]::new);
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setObject(1, receivedAt(submission));
      insert.setString(2, storable(submission.path().toString()));
      insert.setString(3, storable(submission.remoteAddress()));
      insert.setArray(4, connection.createArrayOf("text", files));
      insert.setArray(5, connection.createArrayOf("text", names));
      insert.setArray(6, connection.createArrayOf("text", values));
      insert.executeUpdate();
    }
  }

  /**
   * Hands the connection back to the pool. The submission's fate is decided by then: a failure here
   * rides along with the failure being reported, or, after a commit, only goes to the log.
   */
  private void release(Connection connection, SQLException failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        log.warn("Could not hand a connection to {} back to the pool: {}", database, e.toString());
      }
    }
  }

  /**
   * A cheap health check for a deep health endpoint: a connection from the pool that the server
   * confirms alive (a round trip, at most 2 s). Waits for a free connection as an append does.
   *
   * @throws StoreUnavailableException when the database is down or does not answer in time
   * @throws IOException for any other failure, as {@link #append} reports it
   */
  public void probe() throws IOException {
    try (Connection connection = pool.getConnection()) {
      if (!connection.isValid(PROBE_SECONDS)) {
        throw new StoreUnavailableException(
            StoreUnavailableException.Reason.TIMED_OUT,
            database + " did not confirm a connection within " + PROBE_SECONDS + " s",
            null);
      }
    } catch (SQLException e) {
      throw SqlFailures.ofAppend(e, database);
    }
  }

  /** The database, named for a banner or a log line (no password). */
  public String describe() {
    return database;
  }

  /**
   * Closes the pool's connections. Call after the workers have stopped: an append still running has
   * its connection closed under it and fails.
   */
  @Override
  public void close() {
    pool.close();
  }

  /**
   * PostgreSQL's timestamps count microseconds: the rest is cut, not rounded, so it never moves
   * later.
   */
  private static OffsetDateTime receivedAt(FormSubmission submission) {
    return OffsetDateTime.ofInstant(
        submission.time().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /**
   * PostgreSQL's text (and jsonb) cannot hold U+0000, which a form may carry ({@code %00}): it
   * becomes U+FFFD, the replacement character, rather than costing the whole submission.
   */
  private static String storable(String text) {
    return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
  }
}
