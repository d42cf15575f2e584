package dev.mtserver.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.base.Throwables;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.store.StoreUnavailableException.Reason;
import dev.mtserver.storage.postgres.StoredRows.Row;
import dev.mtserver.storage.postgres.testing.TemporaryPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while the log is open: appends fail fast with the domain's exception,
 * record nothing, and work again once it is back. A cluster of its own, since it stops it.
 */
class PostgresOutageIT {

  /** Far above the impatient pool's bounds (0.5 s wait, 0.5 s statement, 6 s socket). */
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private static TemporaryPostgres postgres;

  @BeforeAll
  static void ownCluster() throws Exception {
    postgres = TemporaryPostgres.start();
  }

  @AfterAll
  static void removeCluster() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void a_stopped_database_is_reported_unreachable_and_the_log_recovers_when_it_is_back()
      throws Exception {
    String database = postgres.createDatabase();
    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(
            TestSubmissions.impatient(postgres, database, 2), TestSubmissions.POOL_THREADS)) {
      log.append(TestSubmissions.of("before", "outage"));

      postgres.stop();
      try {
        assertUnavailable(log, Reason.UNREACHABLE, "during");
        assertUnavailable(log, Reason.UNREACHABLE, "still during"); // and no worse the second time
      } finally {
        postgres.restart();
      }

      appendOnceBack(log, "after", "outage");
    }
    assertThat(StoredRows.all(postgres, database))
        .extracting(Row::fields)
        .containsExactly(
            List.of(new FormField("before", "outage")), List.of(new FormField("after", "outage")));
  }

  @Test
  void a_frozen_database_times_out_instead_of_hanging_the_worker() throws Exception {
    String database = postgres.createDatabase();
    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(
            TestSubmissions.impatient(postgres, database, 2), TestSubmissions.POOL_THREADS)) {
      log.append(TestSubmissions.of("before", "freeze"));

      try {
        postgres.freeze();
        // The connection just used is taken again without a check: the insert is sent, and only
        // the socket timeout ends the wait for an answer that never comes.
        assertUnavailable(log, Reason.TIMED_OUT, "frozen");
        // Now the pool must open a connection: the kernel accepts it, the log-in is never answered.
        assertUnavailable(log, Reason.TIMED_OUT, "still frozen");
      } finally {
        postgres.thaw();
      }

      log.append(TestSubmissions.of("after", "thaw"));
    }
    assertThat(StoredRows.all(postgres, database))
        .extracting(Row::fields)
        .containsExactly(
            List.of(new FormField("before", "freeze")), List.of(new FormField("after", "thaw")));
  }

  @Test
  void a_commit_whose_answer_is_lost_is_reported_as_unknown_not_as_unavailable() throws Exception {
    String database = postgres.createDatabase();
    try (ReplyDroppingProxy network = new ReplyDroppingProxy(postgres.port())) {
      PostgresConfig throughTheProxy =
          PostgresConfig.fromJdbcUrl(
                  "jdbc:postgresql://127.0.0.1:"
                      + network.port()
                      + "/"
                      + database
                      + "?user="
                      + TemporaryPostgres.USER,
                  Map.of("PGPASSWORD", postgres.password()))
              .withPool(
                  new PoolSettings(
                      1,
                      Duration.ofMillis(500),
                      Duration.ofSeconds(2),
                      Duration.ofMillis(500),
                      "mtserver-test"));
      try (PostgresSubmissionLog log =
          PostgresSubmissionLog.open(throughTheProxy, TestSubmissions.POOL_THREADS)) {
        log.append(TestSubmissions.of("before", "the cut"));

        // The insert's answer comes back; the commit reaches the server, its answer does not.
        network.dropRepliesToTheMessageAfter("INSERT INTO mtserver_submissions");
        long started = System.nanoTime();
        assertThatThrownBy(() -> log.append(TestSubmissions.of("during", "the cut")))
            .isInstanceOf(IOException.class)
            .isNotInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("may or may not be recorded");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(GENEROUS);
      }
    }
    // The report was honest: the server had committed it.
    assertThat(StoredRows.all(postgres, database))
        .extracting(Row::fields)
        .containsExactly(
            List.of(new FormField("before", "the cut")),
            List.of(new FormField("during", "the cut")));
  }

  /**
   * Appends once the database answers again. The pool may take a moment to notice: its last
   * attempts to connect during the outage were refused, and one started just before the restart
   * finished can still end so within the next append's 0.5 s wait. Each failure meanwhile must be
   * the outage's (unreachable); the append must succeed within {@link #GENEROUS}.
   */
  private static void appendOnceBack(PostgresSubmissionLog log, String name, String value)
      throws Exception {
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    while (true) {
      try {
        log.append(TestSubmissions.of(name, value));
        return;
      } catch (StoreUnavailableException e) {
        assertThat(e.reason())
            .as(Throwables.getStackTraceAsString(e))
            .isEqualTo(Reason.UNREACHABLE);
        if (System.nanoTime() - deadline >= 0) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void assertUnavailable(PostgresSubmissionLog log, Reason reason, String value) {
    long started = System.nanoTime();
    assertThatThrownBy(() -> log.append(TestSubmissions.of("lost", value)))
        .isInstanceOfSatisfying(
            StoreUnavailableException.class,
            e -> assertThat(e.reason()).as(Throwables.getStackTraceAsString(e)).isEqualTo(reason));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(GENEROUS);
  }
}
