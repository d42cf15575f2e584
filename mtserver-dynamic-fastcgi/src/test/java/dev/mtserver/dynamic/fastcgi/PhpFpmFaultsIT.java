package dev.mtserver.dynamic.fastcgi;

import static dev.mtserver.dynamic.fastcgi.Scripts.body;
import static dev.mtserver.dynamic.fastcgi.Scripts.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptOutcome;
import dev.mtserver.dynamic.fastcgi.testing.PhpFpm;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * php-fpm missing, stopping, restarting, recycling its workers, and over TCP: each test starts (and
 * stops) its own php-fpm. Whatever php-fpm does, the runner answers and keeps nothing open.
 */
class PhpFpmFaultsIT {

  /** The runner's timer thread (its watchdog and idle check). */
  private static final ThreadFactory TIMER =
      Thread.ofPlatform().daemon().name("php-fpm-timer-", 0).factory();

  @TempDir Path dir;
  private Scripts scripts;
  private ScriptFile pid;
  private FastCgiScriptRunner runner;

  @BeforeEach
  void site() throws IOException {
    PhpFpm.binary(); // skipped (or failed under CI) without php-fpm
    scripts = new Scripts(dir.resolve("site"));
    pid = scripts.write("pid.php", "<?php header('Content-Type: text/plain'); echo getmypid();");
  }

  @AfterEach
  void closeRunner() {
    if (runner != null) {
      runner.close();
      assertThat(runner.openConnections()).isZero();
    }
  }

  private FastCgiScriptRunner runner(FastCgiAddress address) throws IOException {
    runner =
        new FastCgiScriptRunner(
            new FastCgiConfig(
                address,
                Duration.ofSeconds(5),
                2,
                Duration.ofMillis(300),
                dir.resolve("spool"),
                scripts.site(),
                "Test/1"),
            TIMER);
    return runner;
  }

  @Test
  void php_fpm_not_running_is_failed_at_once() throws Exception {
    FastCgiScriptRunner missing = runner(new FastCgiAddress.Unix(dir.resolve("no-such.sock")));

    ScriptOutcome outcome = missing.run(pid, get("/pid.php"));

    assertThat(outcome).isInstanceOf(ScriptOutcome.Failed.class);
    assertThat(((ScriptOutcome.Failed) outcome).reason()).contains("php-fpm unreachable");
    assertThat(missing.openConnections()).isZero();
  }

  @Test
  void a_port_where_nothing_listens_is_failed_at_once() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    FastCgiScriptRunner refused = runner(new FastCgiAddress.Tcp("127.0.0.1", port));

    assertThat(refused.run(pid, get("/pid.php"))).isInstanceOf(ScriptOutcome.Failed.class);
    assertThat(refused.openConnections()).isZero();
  }

  @Test
  void php_fpm_stopped_under_kept_connections_is_failed_and_started_again_is_used_again()
      throws Exception {
    Path fpmDir = dir.resolve("fpm");
    PhpFpm fpm = PhpFpm.start(fpmDir, 2);
    FastCgiScriptRunner runner = runner(fpm.address());
    assertThat(body(runner.run(pid, get("/pid.php")))).matches("[0-9]+");
    assertThat(runner.idleConnections()).isEqualTo(1);

    fpm.stop();
    ScriptOutcome whileDown = runner.run(pid, get("/pid.php"));

    assertThat(whileDown).isInstanceOf(ScriptOutcome.Failed.class);
    assertThat(runner.openConnections()).isZero();
    try (PhpFpm again = PhpFpm.start(fpmDir, 2)) {
      assertThat(body(runner.run(pid, get("/pid.php")))).matches("[0-9]+");
      assertThat(again.connections()).hasSize(1);
    }
  }

  @Test
  void a_connection_php_fpm_closes_after_max_requests_is_replaced_without_a_failure()
      throws Exception {
    try (PhpFpm fpm = PhpFpm.start(dir.resolve("fpm"), 1, "pm.max_requests = 2")) {
      FastCgiScriptRunner runner = runner(fpm.address());

      for (int i = 0; i < 8; i++) {
        assertThat(body(runner.run(pid, get("/pid.php?i=" + i))))
            .as("request %d", i)
            .matches("[0-9]+");
      }

      // each worker serves two requests on its connection, then exits and closes it
      assertThat(runner.connectionsOpened()).isGreaterThanOrEqualTo(4);
      assertThat(runner.openConnections()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void php_fpm_over_tcp() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (PhpFpm fpm = PhpFpm.start(dir.resolve("fpm"), 1, "listen = 127.0.0.1:" + port)) {
      FastCgiScriptRunner runner = runner(fpm.address());
      assertThat(fpm.address()).isEqualTo(new FastCgiAddress.Tcp("127.0.0.1", port));

      String first = body(runner.run(pid, get("/pid.php")));
      String second = body(runner.run(pid, get("/pid.php")));

      assertThat(first).matches("[0-9]+").isEqualTo(second);
      assertThat(runner.connectionsOpened()).isEqualTo(1);
    }
  }
}
