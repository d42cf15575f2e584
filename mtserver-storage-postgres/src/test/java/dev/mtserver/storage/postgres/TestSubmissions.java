package dev.mtserver.storage.postgres;

import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.FormSubmission;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.storage.postgres.testing.TemporaryPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/** Submissions, configurations and pool threads for the tests. */
final class TestSubmissions {

  /** What the app will hand in: named daemon threads. */
  static final ThreadFactory POOL_THREADS =
      Thread.ofPlatform().daemon().name("test-submission-pool-", 0).factory();

  private TestSubmissions() {}

  static FormSubmission of(String... nameValues) {
    List<FormField> fields = new ArrayList<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      fields.add(new FormField(nameValues[i], nameValues[i + 1]));
    }
    return new FormSubmission(
        Instant.parse("2026-05-04T03:02:01.123456Z"),
        SitePath.parse("/form.html"),
        "192.0.2.1",
        fields,
        List.of());
  }

  /** The database as the app would configure it: a URL, and the password from the environment. */
  static PostgresConfig config(TemporaryPostgres postgres, String database) {
    return PostgresConfig.fromJdbcUrl(
        postgres.jdbcUrl(database) + "?user=" + TemporaryPostgres.USER,
        Map.of("PGPASSWORD", postgres.password()));
  }

  /** The same, with short timeouts for the tests that wait for one to fire. */
  static PostgresConfig impatient(TemporaryPostgres postgres, String database, int maxConnections) {
    return config(postgres, database)
        .withPool(
            new PoolSettings(
                maxConnections,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofMillis(500),
                "mtserver-test"));
  }
}
