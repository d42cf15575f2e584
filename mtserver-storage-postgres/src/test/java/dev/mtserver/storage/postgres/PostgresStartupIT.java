package dev.mtserver.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.storage.postgres.testing.TemporaryPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an operator reads when the database cannot be used at start: one line, no password. */
@ExtendWith(TemporaryPostgres.Shared.class)
class PostgresStartupIT {

  private static final String WRONG_PASSWORD = "Wrong-Secret-7431";

  private final TemporaryPostgres postgres;

  PostgresStartupIT(TemporaryPostgres postgres) {
    this.postgres = postgres;
  }

  @Test
  void a_wrong_password_is_named_as_such_without_the_password() throws Exception {
    String database = postgres.createDatabase();
    String url =
        postgres.jdbcUrl(database)
            + "?user="
            + TemporaryPostgres.USER
            + "&password="
            + WRONG_PASSWORD;

    assertThatThrownBy(
            () ->
                PostgresSubmissionLog.open(
                    PostgresConfig.fromJdbcUrl(url, Map.of()), TestSubmissions.POOL_THREADS))
        .isInstanceOf(PostgresStartupException.class)
        .hasMessage(
            "Cannot use the submission database postgresql://127.0.0.1:"
                + postgres.port()
                + "/"
                + database
                + " as "
                + TemporaryPostgres.USER
                + ": password authentication failed for user \""
                + TemporaryPostgres.USER
                + "\" (SQLSTATE 28P01)")
        .satisfies(e -> assertThat(everyMessage(e)).doesNotContain(WRONG_PASSWORD));
  }

  @Test
  void a_missing_database_is_named() throws Exception {
    PostgresConfig config = TestSubmissions.config(postgres, "no_such_database");

    assertThatThrownBy(() -> PostgresSubmissionLog.open(config, TestSubmissions.POOL_THREADS))
        .isInstanceOf(PostgresStartupException.class)
        .hasMessageContaining("postgresql://127.0.0.1:" + postgres.port() + "/no_such_database")
        .hasMessageContaining("database \"no_such_database\" does not exist");
  }

  @Test
  void nothing_listening_is_a_refused_connection_naming_host_port_and_database() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    PostgresConfig config =
        PostgresConfig.fromJdbcUrl(
            "jdbc:postgresql://127.0.0.1:"
                + closedPort
                + "/site?user=mt&password="
                + WRONG_PASSWORD,
            Map.of());

    assertThatThrownBy(() -> PostgresSubmissionLog.open(config, TestSubmissions.POOL_THREADS))
        .isInstanceOf(PostgresStartupException.class)
        .hasMessage(
            "Cannot use the submission database postgresql://127.0.0.1:"
                + closedPort
                + "/site as mt: connection refused");
  }

  @Test
  void a_role_that_may_not_create_the_table_is_told_so() throws Exception {
    String database = postgres.createDatabase();
    try (var admin = postgres.superuser(database);
        var sql = admin.createStatement()) {
      sql.execute("CREATE ROLE reader LOGIN PASSWORD 'reader-pass'");
      sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }
    PostgresConfig config =
        PostgresConfig.fromJdbcUrl(
            postgres.jdbcUrl(database) + "?user=reader&password=reader-pass", Map.of());

    assertThatThrownBy(() -> PostgresSubmissionLog.open(config, TestSubmissions.POOL_THREADS))
        .isInstanceOf(PostgresStartupException.class)
        .hasMessageContaining("as reader: permission denied for schema public");
  }

  /** The message of the exception and of everything it wraps, as a log would print them. */
  private static String everyMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }
}
