package dev.mtserver.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RunningJar;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar configured by environment variables and a file, and its start-up banner. */
class ConfigurationIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void settings_come_from_the_environment_and_the_config_file_and_flags_win() throws Exception {
    Files.createDirectories(dir.resolve("from-file"));
    Files.writeString(dir.resolve("from-file/index.html"), "file root");
    Files.createDirectories(dir.resolve("from-flag"));
    Files.writeString(dir.resolve("from-flag/index.html"), "flag root");
    Files.writeString(
        dir.resolve("mtserver.properties"),
        """
        root=from-file
        data=records
        access-log=off
        port=1
        """);
    Map<String, String> env =
        Map.of("MTSERVER_PORT", "0", "MTSERVER_CONFIG", "mtserver.properties");

    try (RunningJar jar = RunningJar.startWithEnvironment(dir, env)) {
      URI url = jar.awaitUrl(STARTUP);
      assertThat(url.getPort()).as("the environment's port 0 wins over the file's 1").isNotIn(0, 1);
      assertThat(Clients.get(url, "/").body()).isEqualTo("file root");
      assertThat(dir.resolve("records")).isDirectory();
    }
    try (RunningJar jar = RunningJar.startWithEnvironment(dir, env, "--root", "from-flag")) {
      URI url = jar.awaitUrl(STARTUP);
      assertThat(Clients.get(url, "/").body()).isEqualTo("flag root");
    }
  }

  @Test
  void a_bad_value_in_the_environment_is_one_line_naming_flag_and_variable_and_exit_2()
      throws Exception {
    try (RunningJar jar =
        RunningJar.startWithEnvironment(dir, Map.of("MTSERVER_MAX_CONNECTIONS", "lots"))) {
      assertThat(jar.awaitExit(STARTUP)).isEqualTo(2);
      assertThat(jar.stderr())
          .singleElement()
          .asString()
          .contains("--max-connections", "lots", "MTSERVER_MAX_CONNECTIONS");
    }
  }

  @Test
  void a_missing_config_file_is_one_line_and_exit_2() throws Exception {
    try (RunningJar jar = RunningJar.start(dir, "--config", "absent.properties")) {
      assertThat(jar.awaitExit(STARTUP)).isEqualTo(2);
      assertThat(jar.stderr()).singleElement().asString().contains("--config", "absent.properties");
    }
  }

  @Test
  void the_banner_starts_with_the_url_and_says_where_everything_is() throws Exception {
    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--threads", "virtual", "--max-upload-size", "10m")) {
      URI url = jar.awaitUrl(STARTUP);
      assertThat(Eventually.within(Duration.ofSeconds(5), () -> jar.stdout().size() >= 8)).isTrue();
      List<String> banner = jar.stdout().subList(0, 8);

      assertThat(banner.get(0)).startsWith("MTServer ").endsWith("listening on " + url);
      assertThat(String.join("\n", banner))
          .contains(
              "root     " + dir.resolve("public").toRealPath(),
              "uploads  "
                  + dir.resolve("public/downloads").toRealPath()
                  + ", served at /downloads/",
              "data     " + dir.resolve("data").toRealPath(),
              "threads  virtual, up to 4096 connections",
              "uploads up to 10m in 100 parts",
              "access log to stdout",
              "GET /healthz, GET /metrics");
    }
  }

  @Test
  void the_banner_says_where_resumable_uploads_go_and_their_limits_from_flags_and_environment()
      throws Exception {
    try (RunningJar jar =
        RunningJar.startWithEnvironment(
            dir,
            Map.of("MTSERVER_RESUMABLE_EXPIRY", "2h"),
            "--port",
            "0",
            "--resumable-max-size",
            "5m",
            "--resumable-max-unfinished",
            "7")) {
      jar.awaitUrl(STARTUP);
      assertThat(
              Eventually.within(
                  Duration.ofSeconds(5),
                  () -> jar.stdout().stream().anyMatch(line -> line.startsWith("  tus "))))
          .isTrue();
      assertThat(jar.stdout())
          .contains(
              "  tus      resumable uploads (tus 1.0.0) at /files/, up to 5m each, 7 unfinished"
                  + " (10g) at once, kept in "
                  + dir.resolve("data/resumable").toRealPath()
                  + " for 2h after the last chunk");
    }
    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--no-resumable-uploads")) {
      jar.awaitUrl(STARTUP);
      assertThat(
              Eventually.within(
                  Duration.ofSeconds(5),
                  () ->
                      jar.stdout()
                          .contains("  tus      resumable uploads off (--no-resumable-uploads)")))
          .isTrue();
    }
  }

  @Test
  void log_level_warn_hides_the_info_lines() throws Exception {
    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--log-level", "warn")) {
      jar.awaitUrl(STARTUP);
      jar.terminate();
      assertThat(jar.awaitExit(STARTUP)).isZero();

      assertThat(jar.stderr()).noneMatch(line -> line.contains(" INFO "));
    }
    try (RunningJar jar = RunningJar.start(dir, "--port", "0")) {
      jar.awaitUrl(STARTUP);
      jar.terminate();
      assertThat(jar.awaitExit(STARTUP)).isZero();

      assertThat(jar.stderr()).anyMatch(line -> line.contains(" INFO "));
    }
  }

  @Test
  void the_application_log_goes_to_stderr_as_time_level_thread_logger_and_message()
      throws Exception {
    try (RunningJar jar = RunningJar.start(dir, "--port", "0")) {
      jar.awaitUrl(STARTUP);
      jar.terminate();
      assertThat(jar.awaitExit(STARTUP)).isZero();

      assertThat(jar.stderr())
          .anyMatch(
              line ->
                  line.matches(
                      "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[main\\] d\\.m\\.app\\.ServerAssembly"
                          + " - Uploads go to .*"));
      assertThat(jar.stdout()).noneMatch(line -> line.contains(" INFO "));
      // the program names SLF4J's provider; SLF4J's own report of that stays off stderr
      assertThat(jar.stderr()).noneMatch(line -> line.startsWith("SLF4J"));
    }
  }

  @Test
  void the_log_level_variable_applies_from_the_first_line() throws Exception {
    try (RunningJar jar =
        RunningJar.startWithEnvironment(dir, Map.of("MTSERVER_LOG_LEVEL", "warn"), "--port", "0")) {
      jar.awaitUrl(STARTUP);
      jar.terminate();
      assertThat(jar.awaitExit(STARTUP)).isZero();

      assertThat(jar.stderr()).noneMatch(line -> line.contains(" INFO "));
    }
  }

  @Test
  void an_operators_own_logback_file_replaces_the_built_in_configuration() throws Exception {
    Path config = dir.resolve("my-logback.xml");
    Files.writeString(
        config,
        """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <target>System.err</target>
            <encoder><pattern>OPERATOR %level %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """);
    try (RunningJar jar =
        RunningJar.start(dir, List.of("-Dlogback.configurationFile=" + config), "--port", "0")) {
      jar.awaitUrl(STARTUP);
      jar.terminate();
      assertThat(jar.awaitExit(STARTUP)).isZero();

      assertThat(jar.stderr()).anyMatch(line -> line.startsWith("OPERATOR INFO Uploads go to "));
      assertThat(jar.stderr()).noneMatch(line -> line.contains(" INFO  [main]"));
    }
  }
}
