package dev.mtserver.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.storage.postgres.testing.TemporaryPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The schema is created once, whoever starts first, and never twice. */
@ExtendWith(TemporaryPostgres.Shared.class)
class SchemaMigrationsIT {

  private final TemporaryPostgres postgres;

  SchemaMigrationsIT(TemporaryPostgres postgres) {
    this.postgres = postgres;
  }

  @Test
  void an_empty_database_gets_the_table_and_its_version() throws Exception {
    String database = postgres.createDatabase();

    PostgresSubmissionLog.open(
            TestSubmissions.config(postgres, database), TestSubmissions.POOL_THREADS)
        .close();

    assertThat(versions(database)).containsExactly("1 submissions");
    assertThat(StoredRows.count(postgres, database)).isZero();
  }

  @Test
  void opening_again_changes_nothing_and_keeps_the_rows() throws Exception {
    String database = postgres.createDatabase();
    PostgresConfig config = TestSubmissions.config(postgres, database);
    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(config, TestSubmissions.POOL_THREADS)) {
      log.append(TestSubmissions.of("before", "restart"));
    }

    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(config, TestSubmissions.POOL_THREADS)) {
      log.append(TestSubmissions.of("after", "restart"));
    }

    assertThat(versions(database)).containsExactly("1 submissions");
    assertThat(StoredRows.count(postgres, database)).isEqualTo(2);
  }

  @Test
  void instances_starting_at_once_on_an_empty_database_all_start_and_migrate_once()
      throws Exception {
    int instances = 4;
    // A few rounds: each is a fresh database and a new race.
    for (int round = 0; round < 5; round++) {
      String database = postgres.createDatabase();
      PostgresConfig config = TestSubmissions.config(postgres, database);
      CyclicBarrier together = new CyclicBarrier(instances);
      ExecutorService starts = Executors.newFixedThreadPool(instances);
      try {
        List<Future<PostgresSubmissionLog>> opened = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
          opened.add(
              starts.submit(
                  () -> {
                    together.await();
                    return PostgresSubmissionLog.open(config, TestSubmissions.POOL_THREADS);
                  }));
        }
        for (Future<PostgresSubmissionLog> log : opened) {
          try (PostgresSubmissionLog started = log.get(60, TimeUnit.SECONDS)) {
            started.append(TestSubmissions.of("from", "an instance"));
          }
        }
      } finally {
        starts.shutdownNow();
      }

      assertThat(versions(database)).as("round %d", round).containsExactly("1 submissions");
      assertThat(StoredRows.count(postgres, database)).isEqualTo(instances);
    }
  }

  @Test
  void a_database_migrated_by_a_newer_server_is_used_as_it_is() throws Exception {
    String database = postgres.createDatabase();
    PostgresConfig config = TestSubmissions.config(postgres, database);
    PostgresSubmissionLog.open(config, TestSubmissions.POOL_THREADS).close();
    try (Connection owner = postgres.connect(database);
        Statement sql = owner.createStatement()) {
      sql.execute("ALTER TABLE mtserver_submissions ADD COLUMN user_agent text");
      sql.execute(
          "INSERT INTO mtserver_schema_version (version, description) VALUES (2, 'agents')");
    }

    try (PostgresSubmissionLog log =
        PostgresSubmissionLog.open(config, TestSubmissions.POOL_THREADS)) {
      log.append(TestSubmissions.of("still", "works"));
    }

    assertThat(versions(database)).containsExactly("1 submissions", "2 agents");
    assertThat(StoredRows.count(postgres, database)).isEqualTo(1);
  }

  private List<String> versions(String database) throws SQLException {
    try (Connection connection = postgres.connect(database);
        Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT version, description FROM mtserver_schema_version ORDER BY version")) {
      List<String> versions = new ArrayList<>();
      while (rows.next()) {
        versions.add(rows.getInt(1) + " " + rows.getString(2));
      }
      return versions;
    }
  }
}
