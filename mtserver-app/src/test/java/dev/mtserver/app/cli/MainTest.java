package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.socket.TransportConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's answers that need no running server: help, version and bad values. */
class MainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void help_lists_every_flag_with_its_default() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--bind",
            "--port",
            "--root",
            "--uploads",
            "--data",
            "--threads",
            "--max-connections",
            "--max-upload-size",
            "--version",
            "--backlog",
            "--header-timeout",
            "--body-timeout",
            "--idle-timeout",
            "--write-timeout",
            "--shutdown-grace",
            "--php-cgi",
            "--script-timeout",
            "--max-scripts",
            "--body-min-rate",
            "--request-memory",
            "--access-log",
            "--log-level",
            "--healthz",
            "--metrics",
            "--drain-delay",
            "--config",
            "--submissions",
            "--db-password-file",
            "--s3-endpoint",
            "--s3-region")
        .contains("127.0.0.1", "public");
  }

  @Test
  void version_prints_the_build_version() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("MTServer ");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--port|abc|--port",
        "--port|70000|--port",
        "--threads|green|--threads",
        "--max-upload-size|10x|--max-upload-size",
        "--max-connections|0|--max-connections",
        "--bind|not an address!|--bind",
        "--backlog|0|--backlog",
        "--header-timeout|soon|--header-timeout",
        "--header-timeout|0|--header-timeout",
        "--body-timeout|10x|--body-timeout",
        "--idle-timeout|-5s|--idle-timeout",
        "--write-timeout|0ms|--write-timeout",
        "--shutdown-grace|1.5s|--shutdown-grace",
        "--php-cgi|/no/such/php-cgi|--php-cgi",
        "--php-cgi|.|--php-cgi",
        "--script-timeout|abc|--script-timeout",
        "--script-timeout|0s|--script-timeout",
        "--script-timeout|-5s|--script-timeout",
        "--script-timeout|10x|--script-timeout",
        "--max-scripts|0|--max-scripts",
        "--max-scripts|many|--max-scripts",
        "--log-level|loud|--log-level",
        "--healthz|maybe|--healthz",
        "--metrics|yes please|--metrics",
        "--drain-delay|soon|--drain-delay",
        "--access-log|''|--access-log",
        "--body-min-rate|fast|--body-min-rate",
        "--body-min-rate|-1|--body-min-rate",
        "--request-memory|lots|--request-memory",
        "--request-memory|512k|--request-memory",
        "--request-memory|100t|--request-memory",
        "--no-such-flag|1|--no-such-flag"
      })
  void a_bad_value_is_one_line_on_stderr_naming_the_flag_and_exit_2(
      String flag, String value, String named) {
    int exit = run(flag, value);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains(named);
    assertThat(out.toString()).isEmpty();
  }

  /** Issue 15: locations in a bucket, the object store, the database (ADR 0042). */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--root s3://|--root",
        "--root s3://Bad_Bucket/www/|--root",
        "--uploads s3://Bad_Bucket/up/|--uploads",
        "--root s3://site/www/ --php-cgi auto|--php-cgi",
        "--root s3://site/www/ --uploads elsewhere --php-fpm 127.0.0.1:9000|--php-fpm",
        "--root s3://site/www/ --s3-endpoint ftp://store:21|--s3-endpoint",
        "--root s3://site/www/ --s3-endpoint http://store:9000/path|--s3-endpoint",
        "--submissions jdbc:mysql://db/x|--submissions",
        "--submissions jdbc:postgresql://db:99999/x?user=u|--submissions",
        "--submissions jdbc:postgresql://db:5432/|--submissions",
        "--db-password-file /etc/hostname|--db-password-file",
        "--submissions jdbc:postgresql://db/x?user=u --db-password-file /no/such/file|"
            + "--db-password-file"
      })
  void a_bad_shared_store_is_one_line_on_stderr_naming_the_flag_and_exit_2(
      String args, String named) {
    int exit = run(args.split(" "));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains(named);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void help_shows_the_duration_defaults_as_they_are_written() {
    assertThat(run("--help")).isZero();
    String help = out.toString();
    String headerTimeoutEntry =
        help.substring(
            help.indexOf("      --header-timeout="), help.indexOf("      --body-timeout="));

    assertThat(headerTimeoutEntry).contains("Default: 10s");
  }

  @Test
  void every_option_shows_a_default_in_help() {
    assertThat(run("--help")).isZero();
    String options = out.toString().substring(out.toString().indexOf("      --bind="));
    String[] entries = options.split("\n(?=  -|      --)");

    assertThat(entries)
        .allSatisfy(
            entry -> {
              if (!entry.contains("--help") && !entry.contains("--version")) {
                assertThat(entry).contains("Default:");
              }
            });
  }

  @Test
  void size_and_mode_defaults_are_written_as_a_user_writes_them_and_mean_the_real_defaults() {
    var spec =
        new picocli.CommandLine(new MtServerCommand(new PrintWriter(out), new PrintWriter(err)))
            .getCommandSpec();
    SizeConverter size = new SizeConverter();

    assertThat(spec.findOption("--max-upload-size").defaultValue()).isEqualTo("1g");
    assertThat(size.convert("1g"))
        .isEqualTo(dev.mtserver.http.site.forms.UploadLimits.DEFAULT_MAX_UPLOAD_SIZE);
    assertThat(spec.findOption("--file-cache").defaultValue()).isEqualTo("32m");
    assertThat(size.convert("32m"))
        .isEqualTo(dev.mtserver.storage.fs.SmallFileCache.DEFAULT_TOTAL_BYTES);
    assertThat(spec.findOption("--file-cache").description()[0])
        .contains(
            "up to "
                + StartupBanner.size(dev.mtserver.http.engine.ResponseBody.COALESCE_BYTES)
                + " each");
    assertThat(spec.findOption("--threads").defaultValue()).isEqualTo("virtual");
  }

  @Test
  void the_duration_flags_default_to_the_transports_own_defaults() {
    DurationConverter parse = new DurationConverter();

    assertThat(parse.convert(MtServerCommand.DEFAULT_HEADER_TIMEOUT))
        .isEqualTo(TransportConfig.DEFAULT_HEADER_TIMEOUT);
    assertThat(parse.convert(MtServerCommand.DEFAULT_BODY_TIMEOUT))
        .isEqualTo(TransportConfig.DEFAULT_BODY_TIMEOUT);
    assertThat(parse.convert(MtServerCommand.DEFAULT_IDLE_TIMEOUT))
        .isEqualTo(TransportConfig.DEFAULT_IDLE_TIMEOUT);
    assertThat(parse.convert(MtServerCommand.DEFAULT_WRITE_TIMEOUT))
        .isEqualTo(TransportConfig.DEFAULT_WRITE_TIMEOUT);
    assertThat(parse.convert(MtServerCommand.DEFAULT_SHUTDOWN_GRACE))
        .isEqualTo(TransportConfig.DEFAULT_SHUTDOWN_GRACE);
    assertThat(new SizeConverter().convert(MtServerCommand.DEFAULT_BODY_MIN_RATE))
        .isEqualTo(TransportConfig.DEFAULT_BODY_MIN_RATE);
  }

  @Test
  void a_request_memory_budget_larger_than_half_the_heap_is_refused_naming_the_heap() {
    long heap = Runtime.getRuntime().maxMemory();

    assertThat(run("--request-memory", (((heap / 2) >> 20) + 1) + "m")).isEqualTo(2);
    assertThat(err.toString()).contains("--request-memory", "more than half of the heap", "-Xmx");
  }
}
