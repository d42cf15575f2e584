package dev.mtserver.dynamic.fastcgi;

import static dev.mtserver.dynamic.fastcgi.Scripts.body;
import static dev.mtserver.dynamic.fastcgi.Scripts.get;
import static dev.mtserver.dynamic.fastcgi.Scripts.invocation;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.RequestBody;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.ScriptOutcome;
import dev.mtserver.domain.script.gateway.GatewayVariables;
import dev.mtserver.dynamic.fastcgi.testing.PhpFpm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner against a real php-fpm (three workers, {@code pm = static}, a Unix socket in a
 * temporary directory). After every test the runner is closed and nothing may be left: no
 * connection open on either side, no socket or selector left in this JVM.
 */
class FastCgiScriptRunnerIT {

  private static final int WORKERS = 3;

  /** The runner's timer thread (its watchdog and idle check). */
  private static final ThreadFactory TIMER =
      Thread.ofPlatform().daemon().name("php-fpm-timer-", 0).factory();

  @TempDir static Path dir;
  private static PhpFpm fpm;
  private static Scripts scripts;

  private FastCgiScriptRunner runner;
  private int descriptorsBefore;

  @BeforeAll
  static void startPhpFpm() throws Exception {
    fpm = PhpFpm.start(dir.resolve("fpm"), WORKERS);
    scripts = new Scripts(dir.resolve("site"));
    startTheJdksPollers();
  }

  /**
   * The JDK makes its pollers for virtual threads (epoll instances and event fds, kept for the life
   * of the JVM) when a virtual thread first waits on I/O: made before any test counts descriptors,
   * they are not taken for a leak.
   */
  private static void startTheJdksPollers() throws Exception {
    Pipe pipe = Pipe.open();
    try (Pipe.SourceChannel source = pipe.source();
        Pipe.SinkChannel sink = pipe.sink()) {
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      source.read(ByteBuffer.allocate(1));
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  });
      Thread.sleep(50); // let it wait
      sink.write(ByteBuffer.wrap(new byte[] {1}));
      reader.join();
    }
  }

  @AfterAll
  static void stopPhpFpm() throws Exception {
    if (fpm != null) {
      fpm.stop();
    }
  }

  @BeforeEach
  void countDescriptors() {
    descriptorsBefore = socketsAndSelectors();
  }

  @AfterEach
  void nothingIsLeftOnEitherSide() throws Exception {
    if (runner == null) {
      return;
    }
    runner.close();
    assertThat(runner.openConnections()).as("connections the pool holds").isZero();
    Eventually.within(
        PhpFpm.PATIENCE,
        () -> {
          assertThat(fpm.connections()).as("connections php-fpm's workers hold").isEmpty();
          assertThat(socketsAndSelectors())
              .as("sockets and selectors of this JVM")
              .isEqualTo(descriptorsBefore);
        });
  }

  /** This JVM's sockets, epoll instances and event fds: what a leaked connection would hold. */
  private static int socketsAndSelectors() {
    int count = 0;
    try (var fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:")
              || target.contains("eventpoll")
              || target.contains("eventfd")) {
            count++;
          }
        } catch (IOException closedMeanwhile) {
          // closed while we looked
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return count;
  }

  private FastCgiScriptRunner runner(Duration timeout, int connections, Duration queueWait)
      throws IOException {
    runner =
        new FastCgiScriptRunner(
            new FastCgiConfig(
                fpm.address(),
                timeout,
                connections,
                queueWait,
                dir.resolve("spool"),
                scripts.site(),
                "Test/1"),
            TIMER);
    return runner;
  }

  private FastCgiScriptRunner runner() throws IOException {
    return runner(Duration.ofSeconds(10), WORKERS, Duration.ofMillis(500));
  }

  private static Map<String, String> lines(String text) {
    Map<String, String> values = new HashMap<>();
    text.lines()
        .filter(line -> line.contains("="))
        .forEach(
            line ->
                values.put(
                    line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
    return values;
  }

  @Test
  void a_get_runs_on_php_fpm_with_the_same_variables_as_cgi() throws Exception {
    ScriptFile env =
        scripts.write(
            "env.php",
            """
            <?php header('Content-Type: text/plain');
            foreach ($_SERVER as $k => $v) { if (is_string($v)) echo $k, '=', $v, "\\n"; }
            """);
    ScriptInvocation request =
        get(
            "/env.php/extra/path?x=1&y=%20",
            new HeaderField("Proxy", "http://evil.example:3128"),
            new HeaderField("X-Forwarded-For", "10.0.0.1"));

    ScriptOutcome outcome = runner().run(env, request);

    ScriptOutcome.Response response = (ScriptOutcome.Response) outcome;
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers()).anySatisfy(h -> assertThat(h.value()).startsWith("text/plain"));
    Map<String, String> server = lines(body(outcome));
    Map<String, String> expected =
        new GatewayVariables("Test/1", scripts.site().toString())
            .build(env, env.location().localFileName().orElseThrow(), request, -1);
    assertThat(server).containsAllEntriesOf(expected);
    assertThat(server)
        .containsEntry("PATH_INFO", "/extra/path")
        .containsEntry("QUERY_STRING", "x=1&y=%20")
        .containsEntry("SCRIPT_NAME", "/env.php")
        .containsEntry("HTTP_X_FORWARDED_FOR", "10.0.0.1")
        .doesNotContainKeys("HTTP_PROXY", "CONTENT_LENGTH", "PATH_TRANSLATED");
  }

  @Test
  void a_large_body_of_known_length_reaches_php_whole() throws Exception {
    ScriptFile echo =
        scripts.write(
            "md5.php",
            """
            <?php header('Content-Type: text/plain');
            echo $_SERVER['CONTENT_LENGTH'], ' ', md5(file_get_contents('php://input'));
            """);
    long length = 20L * 1024 * 1024;

    ScriptOutcome outcome =
        runner()
            .run(
                echo,
                invocation(
                    "POST",
                    "/md5.php",
                    new RequestBody(length, GeneratedBody.of(length)),
                    new HeaderField("Content-Type", "application/octet-stream")));

    assertThat(body(outcome)).isEqualTo(length + " " + GeneratedBody.md5(length));
  }

  @Test
  void the_body_streams_to_php_as_the_script_reads_it() throws Exception {
    Path halfway = scripts.site().resolve("halfway");
    Files.deleteIfExists(halfway);
    ScriptFile reader =
        scripts.write(
            "reader.php",
            """
            <?php $in = fopen('php://input', 'rb'); $n = 0;
            while ($n < 1048576 && !feof($in)) { $n += strlen(fread($in, 65536)); }
            touch(__DIR__ . '/halfway');
            while (!feof($in)) { $n += strlen(fread($in, 65536)); }
            header('Content-Type: text/plain'); echo $n;
            """);
    // the client sends 1 MiB, then waits until the script has read it: a spooling runner would wait
    // forever
    GeneratedBody body = GeneratedBody.pausing(2 * 1048576, 1048576, () -> Files.exists(halfway));

    ScriptOutcome outcome =
        runner().run(reader, invocation("PUT", "/reader.php", new RequestBody(2 * 1048576, body)));

    assertThat(body(outcome)).isEqualTo(Integer.toString(2 * 1048576));
    assertThat(body.resumedInTime())
        .as("the script read the first half while the second was unsent")
        .isTrue();
  }

  @Test
  void a_chunked_body_is_read_first_so_php_gets_its_length() throws Exception {
    ScriptFile echo =
        scripts.write(
            "md5-chunked.php",
            """
            <?php header('Content-Type: text/plain');
            echo $_SERVER['CONTENT_LENGTH'], ' ', md5(file_get_contents('php://input'));
            """);
    FastCgiScriptRunner runner = runner();

    for (long length : new long[] {10_000, 300_000}) {
      ScriptOutcome outcome =
          runner.run(
              echo,
              invocation(
                  "POST",
                  "/md5-chunked.php",
                  new RequestBody(-1, GeneratedBody.of(length)),
                  new HeaderField("Transfer-Encoding", "chunked")));

      assertThat(body(outcome)).isEqualTo(length + " " + GeneratedBody.md5(length));
    }
    try (var spooled = Files.list(dir.resolve("spool"))) {
      assertThat(spooled).isEmpty();
    }
  }

  @Test
  void a_script_that_flushes_is_seen_flushing() throws Exception {
    Path seen = scripts.site().resolve("seen");
    Files.deleteIfExists(seen);
    ScriptFile stream =
        scripts.write(
            "stream.php",
            """
            <?php header('Content-Type: text/plain'); echo "first\\n"; flush();
            $t = microtime(true);
            while (!file_exists(__DIR__ . '/seen') && microtime(true) - $t < 5) { usleep(10000); }
            echo file_exists(__DIR__ . '/seen') ? "second\\n" : "late\\n";
            """);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    OutputStream client = new OutputStream() { // marks when "first" was flushed to it
          @Override
          public void write(int b) {
            received.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            received.write(b, off, len);
          }

          @Override
          public void flush() throws IOException {
            if (received.toString(UTF_8).equals("first\n") && !Files.exists(seen)) {
              Files.createFile(seen);
            }
          }
        };

    ScriptOutcome.Response response =
        (ScriptOutcome.Response) runner().run(stream, get("/stream.php"));
    try (var output = response.body()) {
      output.transferTo(client);
    }

    assertThat(received.toString(UTF_8)).isEqualTo("first\nsecond\n");
  }

  @Test
  void a_short_page_is_seen_whole_and_goes_out_with_its_length_in_one_write() throws Exception {
    ScriptFile page =
        scripts.write(
            "page.php", "<?php header('Content-Type: text/plain'); echo str_repeat('x', 200);");
    FastCgiScriptRunner runner = runner();
    int whole = 0;
    // php-fpm writes the page and the records that end it a moment apart; the read-ahead waits
    // READ_AHEAD_LINGER for the end. On a machine this busy php-fpm's worker can be descheduled
    // for longer between the two writes, so not every try can be expected to see the page whole:
    // without the wait none ever does (the page then streams, chunked, flushed before its end).
    for (int i = 0; i < 10; i++) {
      ScriptOutcome.Response response =
          (ScriptOutcome.Response) runner.run(page, get("/page.php?i=" + i));
      List<String> calls = new ArrayList<>();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      try (var output = response.body()) {
        long length = output.length();
        output.transferTo(
            new OutputStream() {
              @Override
              public void write(int b) {
                calls.add("write");
                received.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                calls.add("write");
                received.write(b, off, len);
              }

              @Override
              public void flush() {
                calls.add("flush");
              }
            });
        if (length == 200) {
          whole++;
          assertThat(calls).containsExactly("write");
        }
      }
      assertThat(received.toString(UTF_8)).isEqualTo("x".repeat(200));
    }

    assertThat(whole).as("pages seen whole, of 10").isPositive();
    assertThat(runner.connectionsOpened()).isEqualTo(1); // each ended cleanly: kept
  }

  @Test
  void stderr_goes_to_the_log_with_the_scripts_name_and_a_flood_is_cut() throws Exception {
    ScriptFile noisy =
        scripts.write(
            "noisy.php",
            """
            <?php error_log('boom in the script');
            for ($i = 0; $i < 2000; $i++) { error_log(str_repeat('e', 100)); }
            header('Content-Type: text/plain'); echo 'done';
            """);

    try (LogCapture log = new LogCapture()) {
      assertThat(body(runner().run(noisy, get("/noisy.php")))).isEqualTo("done");

      assertThat(log.containing("/noisy.php stderr: "))
          .first()
          .isEqualTo(
              "WARN /noisy.php stderr: PHP message: boom in the script"); // a message per line
      long logged = log.containing("/noisy.php stderr: ").stream().mapToLong(String::length).sum();
      assertThat(logged).isLessThan(40_000); // 16 KiB of stderr, plus the prefix of each line
      assertThat(log.containing("/noisy.php wrote"))
          .singleElement()
          .asString()
          .contains("more bytes to stderr");
    }
  }

  @Test
  void a_script_out_of_time_is_aborted_and_its_worker_stops_at_its_next_write() throws Exception {
    Path after = scripts.site().resolve("still-running");
    Files.deleteIfExists(after);
    ScriptFile slow =
        scripts.write(
            "slow.php",
            """
            <?php sleep(2); header('Content-Type: text/plain'); echo 'too late'; flush();
            touch(__DIR__ . '/still-running');
            """);

    long start = System.nanoTime();
    ScriptOutcome outcome =
        runner(Duration.ofMillis(700), WORKERS, Duration.ofMillis(500)).run(slow, get("/slow.php"));

    assertThat(outcome).isEqualTo(new ScriptOutcome.TimedOut());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
    assertThat(runner.openConnections()).as("its connection is closed, not kept").isZero();
    Thread.sleep(3000); // the script wakes up, writes to the closed connection, and is stopped
    assertThat(after).doesNotExist();
  }

  @Test
  void a_script_out_of_time_mid_body_is_cut_off_not_ended_cleanly() throws Exception {
    ScriptFile stall =
        scripts.write(
            "stall.php",
            """
            <?php header('Content-Type: text/plain'); echo 'start'; flush();
            for ($i = 0; $i < 100; $i++) { usleep(50000); }
            echo 'end';
            """);

    ScriptOutcome.Response response =
        (ScriptOutcome.Response)
            runner(Duration.ofMillis(700), WORKERS, Duration.ofMillis(500))
                .run(stall, get("/stall.php"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var output = response.body()) {
      assertThatThrownBy(() -> output.transferTo(out))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("ran out of time");
    }

    assertThat(out.toString(UTF_8)).isEqualTo("start");
  }

  @Test
  void kept_alive_connections_are_reused_and_php_fpm_sees_the_same_one() throws Exception {
    ScriptFile pid =
        scripts.write("pid.php", "<?php header('Content-Type: text/plain'); echo getmypid();");
    FastCgiScriptRunner runner = runner();
    List<String> seen = new ArrayList<>();

    for (int i = 0; i < 10; i++) {
      long worker = Long.parseLong(body(runner.run(pid, get("/pid.php?i=" + i))));
      seen.add(
          worker
              + " "
              + fpm.connectionsOf(worker)); // the worker keeps its end open between requests
    }

    assertThat(seen).hasSize(10).allMatch(s -> s.equals(seen.get(0)));
    assertThat(seen.get(0)).contains("socket:[");
    assertThat(runner.connectionsOpened()).isEqualTo(1);
    assertThat(runner.idleConnections()).isEqualTo(1);
  }

  @Test
  void requests_with_and_without_a_body_take_turns_on_one_kept_connection() throws Exception {
    // a request with a body uses the connection in selecting mode, one without it in blocking mode
    ScriptFile echo =
        scripts.write(
            "echo.php",
            """
            <?php header('Content-Type: text/plain');
            echo getmypid(), ' ', file_get_contents('php://input');
            """);
    FastCgiScriptRunner runner = runner();
    List<String> answers = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      answers.add(body(runner.run(echo, get("/echo.php"))));
      byte[] form = ("n=" + i).getBytes(UTF_8);
      answers.add(
          body(
              runner.run(
                  echo,
                  invocation(
                      "POST",
                      "/echo.php",
                      new RequestBody(form.length, new ByteArrayInputStream(form)),
                      new HeaderField("Content-Type", "application/x-www-form-urlencoded")))));
    }

    String worker = answers.get(0).trim();
    assertThat(answers)
        .containsExactly(
            worker + " ",
            worker + " n=0",
            worker + " ",
            worker + " n=1",
            worker + " ",
            worker + " n=2");
    assertThat(runner.connectionsOpened()).isEqualTo(1);
    assertThat(runner.idleConnections()).isEqualTo(1);
  }

  @Test
  void on_a_virtual_thread_a_script_out_of_time_is_cut_and_a_flush_is_still_seen()
      throws Exception {
    // the server's default: the request waits on php-fpm by parking, and the watchdog keeps time
    ScriptFile slow =
        scripts.write(
            "slow-vt.php", "<?php sleep(3); header('Content-Type: text/plain'); echo 'too late';");
    ScriptFile stall =
        scripts.write(
            "stall-vt.php",
            """
            <?php header('Content-Type: text/plain'); echo 'start'; flush();
            for ($i = 0; $i < 100; $i++) { usleep(50000); }
            echo 'end';
            """);
    FastCgiScriptRunner runner = runner(Duration.ofMillis(700), WORKERS, Duration.ofMillis(500));
    List<Object> seen = new ArrayList<>();
    List<String> flushedAfter = new ArrayList<>();

    Thread.ofVirtual()
        .start(
            () -> {
              try {
                long start = System.nanoTime();
                seen.add(runner.run(slow, get("/slow-vt.php")));
                seen.add(Duration.ofNanos(System.nanoTime() - start));
                ScriptOutcome.Response response =
                    (ScriptOutcome.Response) runner.run(stall, get("/stall-vt.php"));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (var output = response.body()) {
                  output.transferTo(
                      new OutputStream() {
                        @Override
                        public void write(int b) {
                          out.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                          out.write(b, off, len);
                        }

                        @Override
                        public void flush() {
                          flushedAfter.add(out.toString(UTF_8));
                        }
                      });
                } catch (IOException e) {
                  seen.add(e.getMessage());
                }
              } catch (IOException e) {
                seen.add(e);
              }
            })
        .join();

    assertThat(seen.get(0)).isEqualTo(new ScriptOutcome.TimedOut());
    assertThat((Duration) seen.get(1)).isLessThan(Duration.ofMillis(1900));
    assertThat((String) seen.get(2)).contains("ran out of time");
    assertThat(flushedAfter).first().isEqualTo("start"); // flushed before the cut
    assertThat(runner.openConnections()).as("both cut, neither kept").isZero();
  }

  @Test
  void a_connection_idle_past_the_limit_is_closed_without_a_request_and_frees_its_worker()
      throws Exception {
    ScriptFile pid =
        scripts.write("pid.php", "<?php header('Content-Type: text/plain'); echo getmypid();");
    runner =
        new FastCgiScriptRunner(
            new FastCgiConfig(
                fpm.address(),
                Duration.ofSeconds(10),
                WORKERS,
                Duration.ofMillis(500),
                dir.resolve("spool"),
                scripts.site(),
                "Test/1"),
            TIMER,
            Duration.ofSeconds(2));
    // Taken before the request: the connection's idle time begins when the response ends, which
    // may be a while before the checks below are done.
    long idleFrom = System.nanoTime();
    long worker = Long.parseLong(body(runner.run(pid, get("/pid.php"))));
    assertThat(runner.idleConnections()).isEqualTo(1);
    assertThat(fpm.connectionsOf(worker)).as("bound to our kept connection").hasSize(1);

    assertThat(runner.closeIdleConnections()).as("closed while still fresh").isZero();

    // no request comes: the runner's own timer closes it once it has been idle for 2 s
    Eventually.within(Duration.ofSeconds(5), () -> assertThat(runner.openConnections()).isZero());
    assertThat(Duration.ofNanos(System.nanoTime() - idleFrom))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    Eventually.within(
        PhpFpm.PATIENCE, () -> assertThat(fpm.connections()).as("php-fpm's side").isEmpty());
  }

  @Test
  void a_full_pool_answers_busy_after_a_short_wait_and_frees_as_answers_end() throws Exception {
    ScriptFile dots =
        scripts.write(
            "dots.php",
            """
            <?php header('Content-Type: text/plain');
            while (true) { echo '.'; flush(); usleep(50000); }
            """);
    ScriptFile quick =
        scripts.write("quick.php", "<?php header('Content-Type: text/plain'); echo 'quick';");
    FastCgiScriptRunner runner = runner(Duration.ofSeconds(10), 2, Duration.ofMillis(300));
    ScriptOutcome.Response one = (ScriptOutcome.Response) runner.run(dots, get("/dots.php"));
    ScriptOutcome.Response two = (ScriptOutcome.Response) runner.run(dots, get("/dots.php"));

    long start = System.nanoTime();
    ScriptOutcome third = runner.run(quick, get("/quick.php"));

    assertThat(third).isEqualTo(new ScriptOutcome.Busy(Duration.ofSeconds(1)));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
    one.body().close(); // the client went away: the request is aborted, its lease given back
    assertThat(body(runner.run(quick, get("/quick.php")))).isEqualTo("quick");
    two.body().close();
    assertThat(runner.openConnections()).isEqualTo(1); // the quick one's, kept
  }

  @Test
  void a_head_request_ends_cleanly_and_keeps_the_connection_a_refused_header_does_not()
      throws Exception {
    ScriptFile page =
        scripts.write("page.php", "<?php header('Content-Type: text/plain'); echo 'page';");
    ScriptFile bad = scripts.write("bad.php", "<?php header('Status: 600'); echo 'no';");
    FastCgiScriptRunner runner = runner(Duration.ofSeconds(10), 1, Duration.ofMillis(500));

    ScriptOutcome.Response head =
        (ScriptOutcome.Response)
            runner.run(page, invocation("HEAD", "/page.php", RequestBody.none()));
    try (var output = head.body()) {
      output.discard();
    }
    assertThat(head.status()).isEqualTo(200);
    assertThat(body(runner.run(page, get("/page.php")))).isEqualTo("page");
    assertThat(runner.connectionsOpened()).isEqualTo(1);

    assertThat(runner.run(bad, get("/bad.php"))).isInstanceOf(ScriptOutcome.Failed.class);
    assertThat(runner.openConnections())
        .as("a refused answer's request is aborted, its connection closed")
        .isZero();
    assertThat(body(runner.run(page, get("/page.php")))).isEqualTo("page");
  }

  @Test
  @SuppressWarnings("InputStreamSlowMultibyteRead") // it exists to fail a read; speed is moot
  void a_client_whose_body_fails_gets_its_own_exception_back_and_the_request_is_aborted()
      throws Exception {
    ScriptFile echo =
        scripts.write(
            "md5-failing.php",
            """
            <?php header('Content-Type: text/plain'); echo md5(file_get_contents('php://input'));
            """);
    IOException clientGone = new IOException("the client went away");
    InputStream failing =
        new SequenceInputStream(
            GeneratedBody.of(200_000),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw clientGone;
              }
            });

    FastCgiScriptRunner runner = runner();
    assertThatThrownBy(
            () ->
                runner.run(
                    echo,
                    invocation("POST", "/md5-failing.php", new RequestBody(400_000, failing))))
        .isSameAs(clientGone);
    assertThat(runner.openConnections()).isZero();
  }
}
