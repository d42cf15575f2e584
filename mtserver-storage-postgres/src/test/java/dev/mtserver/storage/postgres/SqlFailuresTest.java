package dev.mtserver.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.store.StoreUnavailableException.Reason;
import dev.mtserver.domain.upload.StorageFullException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The table from SQLSTATE to what the server answers. The ITs meet most rows for real (refused,
 * stopped, locked, frozen); the rest (a full disk, a standby) are hard to bring about in a test.
 */
class SqlFailuresTest {

  private static final String DB = "postgresql://h:5432/site as mt";

  @ParameterizedTest
  @CsvSource({
    "08001, UNREACHABLE", // could not connect
    "08006, UNREACHABLE", // connection broken
    "57P01, UNREACHABLE", // the server is shutting down
    "57P03, UNREACHABLE", // ... or starting up
    "53300, UNREACHABLE", // too many connections
    "25006, UNREACHABLE", // a read-only standby, mid-failover
    "28P01, UNREACHABLE", // the password was changed under a running server
    "57014, TIMED_OUT", // statement_timeout
    "55P03, TIMED_OUT", // lock_timeout
  })
  void an_unavailable_database_is_reported_with_its_reason(String state, Reason reason) {
    IOException e = SqlFailures.ofAppend(new SQLException("x", state), DB);

    assertThat(e)
        .isInstanceOfSatisfying(
            StoreUnavailableException.class, u -> assertThat(u.reason()).isEqualTo(reason));
    assertThat(e).hasMessageContaining(DB);
  }

  @Test
  void a_silent_socket_is_a_time_out() {
    SQLException broken =
        new SQLException("I/O error", "08006", new SocketTimeoutException("Read timed out"));

    assertThat(SqlFailures.unavailability(broken)).contains(Reason.TIMED_OUT);
  }

  @Test
  void the_pools_time_out_says_why_the_pool_was_empty() {
    SQLException refused = new SQLException("Connection refused", "08001");
    SQLException loginUnanswered =
        new SQLException(
            "The connection attempt failed", "08001", new SocketTimeoutException("Read timed out"));
    SQLException oldConnectionFoundDead =
        new SQLException("This connection has been closed", "08003");

    assertThat(SqlFailures.unavailability(poolTimeout(refused))).contains(Reason.UNREACHABLE);
    assertThat(SqlFailures.unavailability(poolTimeout(loginUnanswered))).contains(Reason.TIMED_OUT);
    assertThat(SqlFailures.unavailability(poolTimeout(oldConnectionFoundDead)))
        .contains(Reason.TIMED_OUT);
    assertThat(SqlFailures.unavailability(poolTimeout(null))) // every connection busy
        .contains(Reason.TIMED_OUT);
  }

  /** What HikariCP throws when its wait runs out, with the last connection failure as cause. */
  private static SQLTransientConnectionException poolTimeout(SQLException lastFailure) {
    return new SQLTransientConnectionException(
        "Connection is not available, request timed out after 500ms",
        lastFailure == null ? null : lastFailure.getSQLState(),
        lastFailure);
  }

  @Test
  void a_full_disk_on_the_database_is_storage_full() {
    assertThat(SqlFailures.ofAppend(new SQLException("could not extend file", "53100"), DB))
        .isInstanceOf(StorageFullException.class);
  }

  @Test
  void anything_else_is_a_plain_fault() {
    assertThat(SqlFailures.ofAppend(new SQLException("relation does not exist", "42P01"), DB))
        .isExactlyInstanceOf(IOException.class);
  }

  @Test
  void a_lost_commit_answer_is_an_unknown_outcome_but_a_refused_commit_is_not() {
    assertThat(SqlFailures.ofCommit(new SQLException("I/O error", "08006"), DB))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageContaining("may or may not be recorded");
    assertThat(SqlFailures.ofCommit(new SQLException("could not serialize", "40001"), DB))
        .isExactlyInstanceOf(IOException.class)
        .hasMessageNotContaining("may or may not");
  }
}
