package dev.mtserver.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.FormSubmission;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.storage.postgres.StoredRows.Row;
import dev.mtserver.storage.postgres.testing.TemporaryPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The submission log against a real PostgreSQL: what lands in the table, and when. */
@ExtendWith(TemporaryPostgres.Shared.class)
class PostgresSubmissionLogIT {

  private final TemporaryPostgres postgres;
  private String database;

  PostgresSubmissionLogIT(TemporaryPostgres postgres) {
    this.postgres = postgres;
  }

  @BeforeEach
  void freshDatabase() throws Exception {
    database = postgres.createDatabase();
  }

  @Test
  void a_submission_is_committed_and_visible_to_another_session_when_append_returns()
      throws Exception {
    FormSubmission submission =
        new FormSubmission(
            Instant.parse("2026-05-04T03:02:01.123456789Z"),
            SitePath.parse("/contact/form.html"),
            "2001:db8::7",
            List.of(new FormField("name", "Zoë"), new FormField("message", "\"hi\"\n\\ {}")),
            List.of("report.pdf", "report (1).pdf"));
    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(config(), TestSubmissions.POOL_THREADS)) {

      log.append(submission);

      // read at once, on a connection of its own, outside the log's pool
      assertThat(StoredRows.all(postgres, database))
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.time()).isEqualTo(Instant.parse("2026-05-04T03:02:01.123456Z"));
                assertThat(row.path()).isEqualTo("/contact/form.html");
                assertThat(row.remoteAddress()).isEqualTo("2001:db8::7");
                assertThat(row.fields()).isEqualTo(submission.fields());
                assertThat(row.files()).containsExactly("report.pdf", "report (1).pdf");
              });
    }
  }

  @Test
  void fields_keep_their_order_and_repeated_names() throws Exception {
    FormSubmission submission =
        TestSubmissions.of(
            "z", "last name first", "a", "1", "colour", "red", "a", "2", "colour", "red", "", "");
    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(config(), TestSubmissions.POOL_THREADS)) {

      log.append(submission);

      assertThat(StoredRows.all(postgres, database))
          .singleElement()
          .extracting(Row::fields)
          .isEqualTo(submission.fields());
    }
  }

  @Test
  void a_form_without_fields_or_files_is_still_one_row() throws Exception {
    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(config(), TestSubmissions.POOL_THREADS)) {

      log.append(TestSubmissions.of());

      assertThat(StoredRows.all(postgres, database))
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.fields()).isEmpty();
                assertThat(row.files()).isEmpty();
              });
    }
  }

  @Test
  void a_nul_character_which_postgresql_text_cannot_hold_is_kept_as_a_replacement_character()
      throws Exception {
    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(config(), TestSubmissions.POOL_THREADS)) {

      log.append(TestSubmissions.of("na\0me", "val\0ue", "next", "kept"));

      assertThat(StoredRows.all(postgres, database))
          .singleElement()
          .extracting(Row::fields)
          .isEqualTo(
              List.of(new FormField("na\uFFFDme", "val\uFFFDue"), new FormField("next", "kept")));
    }
  }

  @Test
  void fifty_concurrent_appends_give_exactly_fifty_whole_rows() throws Exception {
    int appends = 50;
    ExecutorService clients = Executors.newFixedThreadPool(appends);
    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(config(), TestSubmissions.POOL_THREADS)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < appends; i++) {
        String n = Integer.toString(i);
        done.add(
            clients.submit(
                () -> {
                  go.await();
                  log.append(TestSubmissions.of("n", n, "same", "x".repeat(2_000) + n, "n", n));
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> append : done) {
        append.get(60, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
    }

    List<Row> rows = StoredRows.all(postgres, database);
    assertThat(rows).hasSize(appends);
    // each row is one submission whole: its own three fields, never another's
    assertThat(rows)
        .allSatisfy(
            row -> {
              String n = row.fields().get(0).value();
              assertThat(row.fields())
                  .containsExactly(
                      new FormField("n", n),
                      new FormField("same", "x".repeat(2_000) + n),
                      new FormField("n", n));
            });
    assertThat(rows).extracting(row -> row.fields().get(0).value()).doesNotHaveDuplicates();
  }

  @Test
  void a_statement_held_up_by_a_lock_times_out_instead_of_holding_the_worker_and_records_nothing()
      throws Exception {
    try (PostgresSubmissionLog log =
            PostgresSubmissionLog.open(
                TestSubmissions.impatient(postgres, database, 2), TestSubmissions.POOL_THREADS);
        Connection other = postgres.superuser(database)) {
      other.setAutoCommit(false);
      try (Statement sql = other.createStatement()) {
        sql.execute("LOCK TABLE mtserver_submissions IN ACCESS EXCLUSIVE MODE");
      }

      long started = System.nanoTime();
      assertThatThrownBy(() -> log.append(TestSubmissions.of("a", "1")))
          .isInstanceOfSatisfying(
              StoreUnavailableException.class,
              e -> assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.TIMED_OUT))
          // the server's own cancel, not the client's socket timeout that backs it up
          .hasMessageContaining("canceling statement due to statement timeout");
      // generous: the statement timeout is half a second
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));

      other.rollback(); // the lock goes: the cancelled insert must not happen after all
      log.append(TestSubmissions.of("b", "2"));
    }
    assertThat(StoredRows.all(postgres, database))
        .singleElement()
        .extracting(Row::fields)
        .isEqualTo(List.of(new FormField("b", "2")));
  }

  @Test
  void with_every_connection_busy_an_append_gives_up_after_the_connection_wait() throws Exception {
    try (PostgresSubmissionLog log =
            PostgresSubmissionLog.open(
                TestSubmissions.impatient(postgres, database, 1)
                    .withPool(
                        new PoolSettings(
                            1,
                            Duration.ofMillis(300),
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(5),
                            "mtserver-test")),
                TestSubmissions.POOL_THREADS);
        Connection other = postgres.superuser(database)) {
      other.setAutoCommit(false);
      try (Statement sql = other.createStatement()) {
        sql.execute("LOCK TABLE mtserver_submissions IN ACCESS EXCLUSIVE MODE");
      }
      ExecutorService first = Executors.newSingleThreadExecutor();
      try {
        Future<?> holdsTheOnlyConnection =
            first.submit(
                () -> {
                  log.append(TestSubmissions.of("first", "1"));
                  return null;
                });
        awaitWaitingInsert();

        assertThatThrownBy(() -> log.append(TestSubmissions.of("second", "2")))
            .isInstanceOfSatisfying(
                StoreUnavailableException.class,
                e -> assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.TIMED_OUT))
            .hasMessageContaining("Connection is not available"); // the pool's wait, not the lock

        other.rollback();
        holdsTheOnlyConnection.get(30, TimeUnit.SECONDS); // the first one goes through
      } finally {
        first.shutdownNow();
      }
    }
    assertThat(StoredRows.all(postgres, database))
        .singleElement()
        .extracting(Row::fields)
        .isEqualTo(List.of(new FormField("first", "1")));
  }

  /** Waits until an insert of the log is waiting for a lock another connection holds. */
  private void awaitWaitingInsert() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try (Connection watcher = postgres.superuser(database);
        Statement sql = watcher.createStatement()) {
      while (System.nanoTime() < deadline) {
        try (ResultSet rows =
            sql.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'INSERT INTO mtserver_submissions%'")) {
          rows.next();
          if (rows.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the first insert never waited for the lock");
  }

  private PostgresConfig config() {
    return TestSubmissions.config(postgres, database);
  }
}
