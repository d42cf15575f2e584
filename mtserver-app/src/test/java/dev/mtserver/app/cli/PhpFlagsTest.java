package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.dynamic.fastcgi.FastCgiAddress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code --php-fpm}, its pool size and {@code --php-front-controller} on the command line. */
class PhpFlagsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Map<String, String> env = new HashMap<>();

  private ScriptSettings parse(String... args) throws Exception {
    MtServerCommand command =
        new MtServerCommand(new PrintWriter(out, true), new PrintWriter(err, true));
    CommandLine commandLine =
        Main.commandLine(
            command, args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    commandLine.parseArgs(args);
    return command.settings().scripts();
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
  }

  @Test
  void php_fpm_its_connections_and_a_front_controller_become_the_script_settings()
      throws Exception {
    ScriptSettings scripts =
        parse(
            "--php-fpm",
            "unix:/run/php/php8.2-fpm.sock",
            "--php-fpm-connections",
            "9",
            "--php-front-controller",
            "/index.php");

    assertThat(scripts.phpFpm())
        .contains(new FastCgiAddress.Unix(Path.of("/run/php/php8.2-fpm.sock")));
    assertThat(scripts.phpCgi()).isEmpty();
    assertThat(scripts.fpmConnections()).isEqualTo(9);
    assertThat(scripts.frontController()).contains(SitePath.parse("/index.php"));
  }

  @Test
  void php_fpm_over_tcp_and_from_the_environment() throws Exception {
    env.put("MTSERVER_PHP_FPM", "127.0.0.1:9000");

    ScriptSettings scripts = parse();

    assertThat(scripts.phpFpm()).contains(new FastCgiAddress.Tcp("127.0.0.1", 9000));
    assertThat(scripts.fpmConnections()).isEqualTo(ScriptSettings.DEFAULT_FPM_CONNECTIONS);
    assertThat(scripts.frontController()).isEqualTo(Optional.empty());
  }

  @Test
  void php_cgi_and_php_fpm_together_are_one_line_and_exit_2() {
    int exit = run("--php-cgi", "/bin/sh", "--php-fpm", "unix:/run/php/fpm.sock");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains("--php-cgi and --php-fpm cannot both be given");
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--php-fpm|nonsense|--php-fpm",
        "--php-fpm|unix:relative.sock|--php-fpm",
        "--php-fpm|127.0.0.1:99999|--php-fpm",
        "--php-fpm-connections|0|--php-fpm-connections",
        "--php-front-controller|/index.php|it needs --php-cgi or --php-fpm"
      })
  void a_bad_php_value_is_one_line_on_stderr_and_exit_2(String flag, String value, String named) {
    int exit = run(flag, value);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains(named);
  }

  @ParameterizedTest
  @CsvSource({"/index.html", "/app/", "index.php", "/.php"})
  void a_front_controller_must_be_a_php_path_in_the_site(String script) {
    int exit = run("--php-fpm", "unix:/run/php/fpm.sock", "--php-front-controller", script);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--php-front-controller", "is not a .php path");
  }
}
