package dev.mtserver.dynamic.cgi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.Endpoint;
import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.RequestBody;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.ScriptLocation;
import dev.mtserver.domain.script.ScriptOutcome;
import dev.mtserver.domain.script.ScriptTarget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner with real child processes: a tiny shell "interpreter" that runs {@code
 * SCRIPT_FILENAME} with {@code /bin/sh}, so process handling is tested without PHP.
 */
class CgiScriptRunnerIT {

  @TempDir Path dir;
  private CgiScriptRunner runner;

  @BeforeEach
  void start() throws IOException {
    runner = runner(Duration.ofSeconds(2), 2);
  }

  @AfterEach
  void stop() {
    runner.close();
  }

  private CgiScriptRunner runner(Duration timeout, int maxScripts) throws IOException {
    Path interpreter = dir.resolve("fake-cgi");
    Files.writeString(interpreter, "#!/bin/sh\nexec /bin/sh \"$SCRIPT_FILENAME\"\n");
    Files.setPosixFilePermissions(interpreter, PosixFilePermissions.fromString("rwx------"));
    return new CgiScriptRunner(
        new CgiConfig(interpreter, timeout, maxScripts, dir.resolve("spool"), dir, "Test/1"),
        runnable ->
            new Thread(
                runnable)); // tests may create threads; production gets the app's ThreadSource's
  }

  private ScriptFile script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, body);
    return new ScriptFile(SitePath.parse("/" + name), ScriptLocation.localFile(file.toString()));
  }

  private static ScriptInvocation get(String path) {
    return invocation(path, "GET", RequestBody.none());
  }

  private static ScriptInvocation invocation(String path, String method, RequestBody body) {
    return new ScriptInvocation(
        ScriptTarget.find(SitePath.parse(path)).orElseThrow(),
        method,
        path,
        "",
        "HTTP/1.1",
        List.of(new HeaderField("Host", "localhost")),
        new Endpoint("127.0.0.1", 40000),
        new Endpoint("127.0.0.1", 8080),
        "localhost",
        body);
  }

  private static String body(ScriptOutcome outcome) throws IOException {
    ScriptOutcome.Response response = (ScriptOutcome.Response) outcome;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var output = response.body()) {
      output.transferTo(out);
    }
    return out.toString(UTF_8);
  }

  @Test
  void the_environment_is_built_from_scratch() throws Exception {
    ScriptFile file = script("env.php", "printf 'Content-Type: text/plain\\n\\n'; env | sort\n");

    String env = body(runner.run(file, get("/env.php")));

    assertThat(env)
        .contains("GATEWAY_INTERFACE=CGI/1.1", "REDIRECT_STATUS=200", "SCRIPT_NAME=/env.php");
    assertThat(env.lines().map(line -> line.substring(0, line.indexOf('='))))
        .doesNotContain("HOME", "USER", "JAVA_HOME", "MAVEN_OPTS", "CI", "LD_PRELOAD");
  }

  @Test
  void the_body_reaches_stdin_with_its_length_even_when_it_came_chunked() throws Exception {
    ScriptFile file =
        script("echo.php", "printf 'Content-Type: text/plain\\n\\n%s:' \"$CONTENT_LENGTH\"; cat\n");
    byte[] sent = "x".repeat(200_000).getBytes(UTF_8);

    ScriptOutcome outcome =
        runner.run(
            file,
            invocation("/echo.php", "POST", new RequestBody(-1, new ByteArrayInputStream(sent))));

    assertThat(body(outcome)).isEqualTo("200000:" + "x".repeat(200_000));
    try (var spooled = Files.list(dir.resolve("spool"))) {
      assertThat(spooled).isEmpty();
    }
  }

  @Test
  void a_script_that_runs_out_of_time_before_its_header_is_killed_with_its_children()
      throws Exception {
    Path pids = dir.resolve("pids");
    ScriptFile file =
        script("slow.php", "sleep 60 & echo $! > " + pids + "; echo $$ >> " + pids + "; wait\n");

    ScriptOutcome outcome = runner.run(file, get("/slow.php"));

    assertThat(outcome).isEqualTo(new ScriptOutcome.TimedOut());
    List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
    Eventually.within(
        Duration.ofSeconds(10),
        () -> {
          assertThat(started)
              .allSatisfy(
                  pid ->
                      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                          .isNotEqualTo(Optional.of(true)));
          assertThat(runner.running()).isZero();
        });
  }

  @Test
  void a_script_that_stalls_mid_body_is_cut_off_not_ended_cleanly() throws Exception {
    ScriptFile file =
        script("stall.php", "printf 'Content-Type: text/plain\\n\\nstart'; sleep 60\n");

    ScriptOutcome outcome = runner.run(file, get("/stall.php"));

    ScriptOutcome.Response response = (ScriptOutcome.Response) outcome;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var output = response.body()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> output.transferTo(out))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("ran out of time");
    }
    assertThat(out.toString(UTF_8)).isEqualTo("start");
  }

  @Test
  void a_flood_on_stderr_neither_blocks_the_script_nor_the_answer() throws Exception {
    ScriptFile file =
        script(
            "noisy.php",
            "head -c 5000000 /dev/zero | tr '\\0' 'e' >&2; printf 'Content-Type: text/plain\\n"
                + "\\n"
                + "done'\n");

    assertThat(body(runner.run(file, get("/noisy.php")))).isEqualTo("done");
  }

  @Test
  void no_output_or_a_malformed_header_fails_and_the_script_is_stopped() throws Exception {
    assertThat(runner.run(script("silent.php", "exit 0\n"), get("/silent.php")))
        .isInstanceOf(ScriptOutcome.Failed.class);
    assertThat(runner.run(script("html.php", "echo '<html>'; echo; sleep 60\n"), get("/html.php")))
        .isInstanceOf(ScriptOutcome.Failed.class);
    Eventually.within(Duration.ofSeconds(10), () -> assertThat(runner.running()).isZero());
  }

  @Test
  void a_local_redirect_is_reported_once_the_script_has_ended() throws Exception {
    ScriptFile file = script("go.php", "printf 'Location: /index.html\\n\\n'\n");

    assertThat(runner.run(file, get("/go.php")))
        .isEqualTo(new ScriptOutcome.LocalRedirect("/index.html"));
  }

  @Test
  void past_the_limit_of_running_scripts_the_answer_is_busy_and_an_abandoned_script_is_killed()
      throws Exception {
    ScriptFile slow =
        script("stream.php", "printf 'Content-Type: text/plain\\n\\nfirst'; sleep 60\n");
    ScriptOutcome.Response one = (ScriptOutcome.Response) runner.run(slow, get("/stream.php"));
    ScriptOutcome.Response two = (ScriptOutcome.Response) runner.run(slow, get("/stream.php"));

    assertThat(runner.run(slow, get("/stream.php"))).isInstanceOf(ScriptOutcome.Busy.class);

    one.body().close();
    two.body().close();
    Eventually.within(Duration.ofSeconds(10), () -> assertThat(runner.running()).isZero());
    ScriptOutcome.Response three = (ScriptOutcome.Response) runner.run(slow, get("/stream.php"));
    three.body().close();
  }

  /** Issue 13, finding 8 (the same class as a stray directory in the uploads directory). */
  @Test
  void a_directory_with_files_in_it_under_a_spool_name_never_stops_the_runner_from_starting()
      throws Exception {
    Path spool = Files.createDirectories(dir.resolve("other-spool"));
    Files.createDirectories(spool.resolve(BodySpool.PREFIX + "stray.tmp/inside"));
    Files.writeString(spool.resolve(BodySpool.PREFIX + "left-by-a-crash.tmp"), "a body");

    try (CgiScriptRunner started = runnerSpoolingTo(spool)) {
      assertThat(started.running()).isZero();
    }
    assertThat(spool.resolve(BodySpool.PREFIX + "stray.tmp/inside")).isDirectory();
    assertThat(spool.resolve(BodySpool.PREFIX + "left-by-a-crash.tmp")).doesNotExist();
  }

  /**
   * Issue 13, finding 8: the spool on a disk that is really full (a 64 KiB tmpfs, filled up) is
   * {@link ScriptOutcome.StorageFull}, the script never runs and nothing is left in the spool.
   * Needs root and permission to mount; skipped elsewhere.
   */
  @Test
  void a_body_the_full_spool_cannot_hold_is_storage_full_and_leaves_nothing() throws Exception {
    Path disk = Files.createDirectory(dir.resolve("small-disk"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()),
        "cannot mount a tmpfs here (not root, or no mount permission)");
    try (CgiScriptRunner onFullDisk = runnerSpoolingTo(disk.resolve("spool"))) {
      fillUp(disk.resolve("filler"));
      ScriptFile file =
          script(
              "ran.php",
              "touch \"$DOCUMENT_ROOT/it-ran\"; printf 'Content-Type: text/plain\\n\\nran'\n");

      ScriptOutcome outcome =
          onFullDisk.run(
              file,
              invocation(
                  "/ran.php",
                  "POST",
                  new RequestBody(200_000, new ByteArrayInputStream(new byte[200_000]))));

      assertThat(outcome).isEqualTo(new ScriptOutcome.StorageFull());
      assertThat(dir.resolve("it-ran")).doesNotExist();
      try (var spooled = Files.list(disk.resolve("spool"))) {
        assertThat(spooled).isEmpty();
      }
    } finally {
      run("umount", disk.toString());
    }
  }

  private CgiScriptRunner runnerSpoolingTo(Path spool) throws IOException {
    Path interpreter = dir.resolve("fake-cgi");
    Files.writeString(interpreter, "#!/bin/sh\nexec /bin/sh \"$SCRIPT_FILENAME\"\n");
    Files.setPosixFilePermissions(interpreter, PosixFilePermissions.fromString("rwx------"));
    return new CgiScriptRunner(
        new CgiConfig(interpreter, Duration.ofSeconds(2), 2, spool, dir, "Test/1"),
        runnable -> new Thread(runnable));
  }

  /** Writes until the disk says it is full. */
  private static void fillUp(Path filler) throws IOException {
    byte[] block = new byte[4096];
    try (var out = Files.newOutputStream(filler)) {
      for (int i = 0; i < 1024; i++) {
        out.write(block);
        out.flush();
      }
    } catch (IOException noSpaceLeft) {
      return;
    }
    throw new AssertionError("the disk never filled up");
  }

  private static boolean run(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
