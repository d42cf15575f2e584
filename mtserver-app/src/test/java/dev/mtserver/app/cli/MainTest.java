package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
        .contains("--bind", "--port", "--root", "--uploads", "--data", "--threads",
            "--max-connections", "--max-upload-size", "--php-cgi", "--script-timeout", "--max-scripts",
            "--version")
        .contains("127.0.0.1", "public");
  }

  @Test
  void version_prints_the_build_version() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("MTServer ");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--port|abc|--port",
      "--port|70000|--port",
      "--threads|green|--threads",
      "--max-upload-size|10x|--max-upload-size",
      "--max-connections|0|--max-connections",
      "--bind|not an address!|--bind",
      "--php-cgi|/no/such/php-cgi|--php-cgi",
      "--php-cgi|.|--php-cgi",
      "--script-timeout|abc|--script-timeout",
      "--script-timeout|0s|--script-timeout",
      "--script-timeout|-5s|--script-timeout",
      "--script-timeout|10x|--script-timeout",
      "--max-scripts|0|--max-scripts",
      "--max-scripts|many|--max-scripts",
      "--no-such-flag|1|--no-such-flag"})
  void a_bad_value_is_one_line_on_stderr_naming_the_flag_and_exit_2(String flag, String value, String named) {
    int exit = run(flag, value);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains(named);
    assertThat(out.toString()).isEmpty();
  }
}
