package dev.mtserver.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostgresConfigTest {

  @Test
  void reads_host_port_database_and_credentials_from_the_url() {
    PostgresConfig config =
        PostgresConfig.fromJdbcUrl(
            "jdbc:postgresql://db.example:5433/site?user=mt&password=s3cr%26t&sslmode=verify-full",
            Map.of("PGUSER", "other", "PGPASSWORD", "other-secret"));

    assertThat(config.host()).isEqualTo("db.example");
    assertThat(config.port()).isEqualTo(5433);
    assertThat(config.database()).isEqualTo("site");
    assertThat(config.user()).isEqualTo("mt");
    assertThat(config.password()).isEqualTo("s3cr&t");
    assertThat(config.driverParameters()).containsExactly(Map.entry("sslmode", "verify-full"));
    assertThat(config.pool()).isEqualTo(PoolSettings.DEFAULTS);
  }

  @Test
  void takes_user_and_password_from_the_environment_when_the_url_has_none() {
    PostgresConfig config =
        PostgresConfig.fromJdbcUrl(
            "jdbc:postgresql://[::1]/site", Map.of("PGUSER", "mt", "PGPASSWORD", "from-env"));

    assertThat(config.host()).isEqualTo("[::1]");
    assertThat(config.port()).isEqualTo(5432);
    assertThat(config.user()).isEqualTo("mt");
    assertThat(config.password()).isEqualTo("from-env");
  }

  @Test
  void without_any_password_the_password_is_empty() {
    PostgresConfig config =
        PostgresConfig.fromJdbcUrl("jdbc:postgresql://h/site?user=mt", Map.of());

    assertThat(config.password()).isEmpty();
  }

  @Test
  void names_the_database_without_the_password() {
    PostgresConfig config =
        PostgresConfig.fromJdbcUrl(
            "jdbc:postgresql://db.example:5433/site?user=mt&password=TopSecret99", Map.of());

    assertThat(config.describe()).isEqualTo("postgresql://db.example:5433/site as mt");
    assertThat(config.toString()).startsWith(config.describe()).doesNotContain("TopSecret99");
  }

  @Test
  void the_driver_gets_the_address_only_with_the_database_name_encoded() {
    PostgresConfig config =
        PostgresConfig.fromJdbcUrl(
            "jdbc:postgresql://h:1/my%20site+x?user=mt&password=p", Map.of());

    assertThat(config.database())
        .isEqualTo("my site x"); // the driver's own decoding: '+' is a space
    assertThat(config.connectionUrl()).isEqualTo("jdbc:postgresql://h:1/my%20site%20x");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          postgresql://h/site?password=Leaked-1234           | not a PostgreSQL JDBC URL
          jdbc:mysql://h/site?password=Leaked-1234           | not a PostgreSQL JDBC URL
          jdbc:postgresql:site?password=Leaked-1234          | not a PostgreSQL JDBC URL
          jdbc:postgresql://h:port/site?password=Leaked-1234 | not a PostgreSQL JDBC URL
          jdbc:postgresql://mt:Leaked-1234@h/site            | not a PostgreSQL JDBC URL
          jdbc:postgresql://h?password=Leaked-1234           | not a PostgreSQL JDBC URL
          jdbc:postgresql://h/?password=Leaked-1234          | no database name
          jdbc:postgresql://a,b/site?password=Leaked-1234    | not a PostgreSQL JDBC URL
          jdbc:postgresql://h:70000/site?password=Leaked-1234 | not a PostgreSQL JDBC URL
          jdbc:postgresql://h/site?password=Leaked-1234      | no database user
          """)
  void a_bad_url_is_one_clear_line_without_the_password(String url, String problem) {
    assertThatThrownBy(() -> PostgresConfig.fromJdbcUrl(url, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem)
        .hasMessageNotContaining("Leaked-1234")
        .hasMessageNotContaining("\n");
  }

  @Test
  void pool_settings_refuse_limits_that_cannot_work() {
    assertThatThrownBy(
            () ->
                new PoolSettings(
                    0,
                    PoolSettings.DEFAULTS.connectionWait(),
                    PoolSettings.DEFAULTS.connectTimeout(),
                    PoolSettings.DEFAULTS.statementTimeout(),
                    "x"))
        .hasMessageContaining("maxConnections");
    assertThatThrownBy(
            () ->
                new PoolSettings(
                    4,
                    java.time.Duration.ofMillis(100),
                    PoolSettings.DEFAULTS.connectTimeout(),
                    PoolSettings.DEFAULTS.statementTimeout(),
                    "x"))
        .hasMessageContaining("connectionWait");
  }

  @Test
  void the_socket_waits_a_little_longer_than_the_server_would() {
    assertThat(PoolSettings.DEFAULTS.socketTimeout())
        .isEqualTo(PoolSettings.DEFAULTS.statementTimeout().plus(PoolSettings.SOCKET_GRACE));
  }
}
