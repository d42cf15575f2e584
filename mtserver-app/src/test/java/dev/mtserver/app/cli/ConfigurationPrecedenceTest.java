package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.ServerSettings;
import dev.mtserver.http.codec.multipart.MultipartLimits;
import dev.mtserver.http.memory.MemoryBudget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Flags win over MTSERVER_* environment variables, which win over the --config file. */
class ConfigurationPrecedenceTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Map<String, String> env = new HashMap<>();

  /** Parses as the program does, without starting a server. */
  private MtServerCommand parse(String... args) throws Exception {
    MtServerCommand command =
        new MtServerCommand(new PrintWriter(out, true), new PrintWriter(err, true));
    CommandLine commandLine =
        Main.commandLine(
            command, args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    commandLine.parseArgs(args);
    return command;
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
  }

  private Path config(String text) throws IOException {
    return Files.writeString(dir.resolve("mtserver.properties"), text);
  }

  @Test
  void the_open_file_cache_keeps_256_files_by_default_and_a_count_or_0_when_asked()
      throws Exception {
    assertThat(parse().settings().content().keptOpenFiles()).isEqualTo(256);
    assertThat(parse("--open-file-cache", "0").settings().content().keptOpenFiles()).isZero();
    env.put("MTSERVER_OPEN_FILE_CACHE", "1000");
    assertThat(parse().settings().content().keptOpenFiles()).isEqualTo(1000);

    assertThat(run("--open-file-cache", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--open-file-cache", "must not be negative");
  }

  @Test
  void a_flag_wins_over_the_environment_which_wins_over_the_file_which_wins_over_the_default()
      throws Exception {
    String file = config("max-parts=3\n").toString();

    assertThat(parse().settings().uploads().multipart().maxParts())
        .isEqualTo(MultipartLimits.DEFAULT_MAX_PARTS);
    assertThat(parse("--config", file).settings().uploads().multipart().maxParts()).isEqualTo(3);
    env.put("MTSERVER_MAX_PARTS", "4");
    assertThat(parse("--config", file).settings().uploads().multipart().maxParts()).isEqualTo(4);
    assertThat(
            parse("--config", file, "--max-parts", "5").settings().uploads().multipart().maxParts())
        .isEqualTo(5);
  }

  @Test
  void every_kind_of_value_can_come_from_the_file() throws Exception {
    Path file =
        config(
            """
            # a comment
            port = 0
            root = site
            max-upload-size = 10m
            header-timeout = 2s
            threads = virtual
            directory-listing = true
            cache-control = public, max-age=60
            access-log = off
            healthz = off
            log-level = debug
            """);

    MtServerCommand command = parse("--config=" + file);
    ServerSettings settings = command.settings();

    assertThat(settings.transport().port()).isZero();
    assertThat(settings.transport().portFallbacks()).as("a configured port is explicit").isZero();
    assertThat(settings.directories().root()).isEqualTo(Path.of("site"));
    assertThat(settings.directories().uploads()).isEqualTo(Path.of("site", "downloads"));
    assertThat(settings.uploads().maxUploadSize()).isEqualTo(10L << 20);
    assertThat(settings.transport().headerTimeout()).hasSeconds(2);
    assertThat(settings.transport().threadMode().name()).isEqualTo("VIRTUAL");
    assertThat(settings.content().directoryListing()).isTrue();
    assertThat(settings.content().cacheControl()).isEqualTo("public, max-age=60");
    assertThat(command.operations.accessLog).isEqualTo("off");
    assertThat(command.operations.healthz).isFalse();
    assertThat(command.operations.metrics).isTrue();
    assertThat(command.operations.logLevel.name()).isEqualTo("DEBUG");
  }

  @Test
  void the_environment_names_each_flag_in_upper_case_with_underscores() throws Exception {
    env.put("MTSERVER_MAX_UPLOAD_SIZE", "2g");
    env.put("MTSERVER_ROOT", "/srv/www");
    env.put("MTSERVER_BIND", "0.0.0.0");

    ServerSettings settings = parse().settings();

    assertThat(settings.uploads().maxUploadSize()).isEqualTo(2L << 30);
    assertThat(settings.directories().root()).isEqualTo(Path.of("/srv/www"));
    assertThat(settings.transport().bindAddress().isAnyLocalAddress()).isTrue();
  }

  @Test
  void a_switch_turned_on_elsewhere_can_be_turned_off_by_a_flag() throws Exception {
    env.put("MTSERVER_DIRECTORY_LISTING", "true");

    assertThat(parse().settings().content().directoryListing()).isTrue();
    assertThat(parse("--directory-listing").settings().content().directoryListing()).isTrue();
    assertThat(parse("--no-directory-listing").settings().content().directoryListing()).isFalse();
    env.put("MTSERVER_DIRECTORY_LISTING", "false");
    assertThat(parse("--directory-listing").settings().content().directoryListing()).isTrue();
    assertThat(parse("--no-directory-listing").settings().content().directoryListing()).isFalse();
  }

  @Test
  void the_request_memory_budget_is_a_quarter_of_the_heap_unless_given() throws Exception {
    assertThat(parse().settings().requestMemory())
        .isEqualTo(MemoryBudget.defaultBytes(Runtime.getRuntime().maxMemory()))
        .isEqualTo((Runtime.getRuntime().maxMemory() / 4) & -(1L << 20));
    assertThat(parse("--request-memory", "16m").settings().requestMemory()).isEqualTo(16L << 20);
    env.put("MTSERVER_REQUEST_MEMORY", "8m");
    assertThat(parse().settings().requestMemory()).isEqualTo(8L << 20);
    assertThat(parse("--request-memory", "auto").settings().requestMemory())
        .isEqualTo(MemoryBudget.defaultBytes(Runtime.getRuntime().maxMemory()));
  }

  @Test
  void the_minimum_body_rate_comes_from_its_flag_like_any_size() throws Exception {
    assertThat(parse().settings().transport().bodyMinRate()).isEqualTo(500);
    assertThat(parse("--body-min-rate", "2k").settings().transport().bodyMinRate()).isEqualTo(2048);
    assertThat(parse("--body-min-rate", "0").settings().transport().bodyMinRate()).isZero();
    assertThat(
            parse("--config", config("body-min-rate=100\n").toString())
                .settings()
                .transport()
                .bodyMinRate())
        .isEqualTo(100);
  }

  @Test
  void the_config_file_can_be_named_by_the_environment() throws Exception {
    env.put("MTSERVER_CONFIG", config("max-parts=7\n").toString());

    assertThat(parse().settings().uploads().multipart().maxParts()).isEqualTo(7);
  }

  @Test
  void a_bad_value_from_the_environment_names_the_flag_and_the_variable() {
    env.put("MTSERVER_MAX_UPLOAD_SIZE", "lots");

    assertThat(run()).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains(
            "--max-upload-size",
            "'lots' is not a size",
            "10m",
            "environment variable MTSERVER_MAX_UPLOAD_SIZE");
  }

  @Test
  void a_bad_value_from_the_file_names_the_flag_the_key_and_the_file() throws IOException {
    Path file = config("threads=green\n");

    assertThat(run("--config", file.toString())).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains("--threads", "platform, virtual", "'threads' in " + file);
  }

  @Test
  void a_range_check_failing_on_a_value_from_the_file_names_its_origin() throws IOException {
    Path file = config("port=70000\n");

    assertThat(run("--config", file.toString())).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains("--port", "0..65535", "'port' in " + file);
  }

  @Test
  void a_bad_flag_overriding_a_good_file_value_is_blamed_on_the_flag() throws IOException {
    Path file = config("max-parts=5\n");

    assertThat(run("--config", file.toString(), "--max-parts", "none")).isEqualTo(2);
    assertThat(err.toString()).contains("--max-parts").doesNotContain(file.toString());
  }

  @Test
  void an_unknown_key_in_the_file_is_an_error_not_a_silent_typo() throws IOException {
    Path file = config("prot=8080\n");

    assertThat(run("--config", file.toString())).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains("unknown setting 'prot'", file.toString());
  }

  @Test
  void a_missing_config_file_is_one_line_and_exit_2() {
    assertThat(run("--config", dir.resolve("nope.properties").toString())).isEqualTo(2);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains("--config", "nope.properties", "no such file");
  }

  @Test
  void an_unreadable_config_file_is_one_line_and_exit_2() {
    assertThat(run("--config", dir.toString())).isEqualTo(2); // a directory: root may read any file
    assertThat(err.toString().lines()).singleElement().asString().contains("cannot read --config");
  }

  @Test
  void an_unknown_mtserver_variable_is_warned_about() throws Exception {
    env.put("MTSERVER_PROT", "8080");

    parse();

    assertThat(err.toString()).contains("ignoring MTSERVER_PROT");
  }

  @Test
  void help_shows_the_value_the_environment_provides_as_the_default() {
    env.put("MTSERVER_MAX_PARTS", "42");

    assertThat(run("--help")).isZero();
    String help = out.toString();
    String entry =
        help.substring(
            help.indexOf("      --max-parts=N"), help.indexOf("      --[no-]directory-listing"));
    assertThat(entry).contains("Default: 42");
  }
}
