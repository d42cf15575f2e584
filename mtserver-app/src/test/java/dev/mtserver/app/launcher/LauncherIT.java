package dev.mtserver.app.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.app.testing.RunningJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mtserver}, the README's way to run: it serves from the caller's directory, records a
 * start-up cache on the first start (on JDK 25+ in a training run before the server starts) and
 * uses it on the next, makes a new one when the JVM options change, and runs the jar on the class
 * path with what the jar's manifest would have given. Start-up time itself is measured by {@code
 * scripts/bench-vs-nginx.sh}, not here.
 */
class LauncherIT {

  private static final Duration START = Duration.ofSeconds(60);
  private static final String CACHE_FILE = "mtserver-jdk\\d+\\.(aot|jsa)";

  @TempDir Path work;
  @TempDir Path cacheDir;

  @Test
  void serves_the_starter_site_from_the_callers_directory() throws Exception {
    try (RunningJar server =
        RunningJar.startLauncher(work, Map.of("MTSERVER_CACHE", "off"), "--port", "0")) {
      URI url = server.awaitUrl(START);

      assertThat(get(url).statusCode()).isEqualTo(200);
      assertThat(work.resolve("public")).isDirectory();
      assertThat(work.resolve("public").resolve("index.html")).isRegularFile();
    }
  }

  @Test
  void the_first_start_records_a_cache_the_next_uses_and_other_options_replace() throws Exception {
    Map<String, String> environment = Map.of("MTSERVER_CACHE_DIR", cacheDir.toString());
    Set<Path> trainingSites = RunningJar.trainingSites();

    RunningJar first = RunningJar.startLauncher(work, environment, "--port", "0");
    try (first) {
      URI url = first.awaitUrl(START);
      if (Runtime.version().feature() >= 25) {
        // JDK 25+: a training run recorded the cache before this server started, which uses it
        assertThat(cacheFiles())
            .singleElement()
            .satisfies(file -> assertThat(file).isNotEmptyFile());
        assertThat(proc(first, "cmdline"))
            .anyMatch(option -> option.startsWith("-XX:AOTCache="))
            .noneMatch(option -> option.startsWith("-XX:AOTCacheOutput="));
        assertThat(cacheDir.resolve("training.log"))
            .content()
            .containsPattern("mtserver training: \\d+ requests in \\d+ ms");
      }
      assertThat(get(url).statusCode()).isEqualTo(200);
      first.terminate();
      assertThat(first.awaitExit(START)).isZero();
    }
    // the training's server was not this one: none of its requests in this one's access log
    // (stdout), its temporary site removed
    assertThat(first.stdout()).filteredOn(line -> line.contains("\"GET ")).hasSize(1);
    assertThat(RunningJar.trainingSites()).isEqualTo(trainingSites);
    List<Path> recorded = cacheFiles();
    assertThat(recorded).singleElement().satisfies(file -> assertThat(file).isNotEmptyFile());
    Path cache = recorded.get(0);
    FileTime written = Files.getLastModifiedTime(cache);

    RunningJar second = serveOnceAndStop(environment);
    assertThat(cacheFiles()).containsExactly(cache);
    assertThat(Files.getLastModifiedTime(cache)).isEqualTo(written);
    assertThat(second.stdout()).noneMatch(line -> line.contains("[aot]") || line.contains("[cds]"));
    assertThat(second.stderr()).noneMatch(line -> line.contains("preparing the start-up cache"));

    serveOnceAndStop(
        Map.of("MTSERVER_CACHE_DIR", cacheDir.toString(), "MTSERVER_JAVA_OPTS", "-Xss1m"));
    assertThat(cacheFiles()).containsExactly(cache);
    assertThat(cache).isNotEmptyFile();
    assertThat(Files.getLastModifiedTime(cache)).isGreaterThan(written);
    assertThat(Path.of(cache + ".key")).content().contains("-Xss1m");
  }

  @Test
  void a_cache_older_than_the_jar_is_recorded_again() throws Exception {
    Map<String, String> environment = Map.of("MTSERVER_CACHE_DIR", cacheDir.toString());
    serveOnceAndStop(environment);
    Path cache = cacheFiles().get(0);
    // as if the jar had been rebuilt since: the cache's classes may no longer be the jar's
    FileTime longAgo = FileTime.fromMillis(0);
    Files.setLastModifiedTime(cache, longAgo);

    RunningJar again = serveOnceAndStop(environment);
    assertThat(cacheFiles()).containsExactly(cache);
    assertThat(Files.getLastModifiedTime(cache)).isGreaterThan(longAgo);
    assertThat(again.stdout()).noneMatch(line -> line.contains("[aot]") || line.contains("[cds]"));
  }

  @Test
  void a_failed_training_run_leaves_the_recording_to_the_first_start() throws Exception {
    assumeTrue(Runtime.version().feature() >= 25, "the training run is JDK 25's AOT cache's");
    // a temporary directory that does not exist: the training run cannot write its site, the
    // server does not need one
    Map<String, String> environment =
        Map.of(
            "MTSERVER_CACHE_DIR",
            cacheDir.toString(),
            "MTSERVER_JAVA_OPTS",
            "-Djava.io.tmpdir=" + work.resolve("no-such-directory"));

    RunningJar server = RunningJar.startLauncher(work, environment, "--port", "0");
    try (server) {
      assertThat(get(server.awaitUrl(START)).statusCode()).isEqualTo(200);
      assertThat(server.stderr()).anyMatch(line -> line.contains("the training run failed"));
      assertThat(proc(server, "cmdline"))
          .anyMatch(option -> option.startsWith("-XX:AOTCacheOutput="));
      assertThat(cacheFiles()).isEmpty();
      server.terminate();
      assertThat(server.awaitExit(START)).isZero();
    }
    // written as the server stopped
    assertThat(cacheFiles()).singleElement().satisfies(file -> assertThat(file).isNotEmptyFile());
  }

  @Test
  void the_server_runs_with_the_lean_jvm_options_and_the_operators_come_after_them()
      throws Exception {
    try (RunningJar server =
        RunningJar.startLauncher(
            work,
            Map.of("MTSERVER_CACHE", "off", "MTSERVER_JAVA_OPTS", "-XX:CompileThresholdScaling=1"),
            "--port",
            "0")) {
      assertThat(get(server.awaitUrl(START)).statusCode()).isEqualTo(200);

      // what `ps` shows: bin/mtserver exec'd the JVM, so the process is the server itself
      List<String> command = proc(server, "cmdline");
      assertThat(command)
          .contains(
              "-XX:+UseSerialGC",
              "-Xmx512m",
              "-XX:CompileThresholdScaling=3",
              "-XX:CompileCommand=CompileThresholdScaling,sun.nio.ch.*::*,0.05",
              "-XX:CompileCommand=CompileThresholdScaling,jdk.internal.classfile.*::*,10.0",
              "-XX:+ExitOnOutOfMemoryError");
      assertThat(command.lastIndexOf("-XX:CompileThresholdScaling=1"))
          .as("MTSERVER_JAVA_OPTS after the launcher's own, so the operator's value wins")
          .isGreaterThan(command.indexOf("-XX:CompileThresholdScaling=3"));
      assertThat(proc(server, "environ")).contains("MALLOC_ARENA_MAX=2");
      if (kernelGivesHugePagesOnRequest()) {
        assertThat(command).contains("-XX:+UseTransparentHugePages");
      } else { // the JVM would warn at every start that it cannot have them
        assertThat(command).doesNotContain("-XX:+UseTransparentHugePages");
      }
    }
  }

  /** Transparent huge pages set to "madvise" or "always" (not "never", not absent). */
  private static boolean kernelGivesHugePagesOnRequest() throws IOException {
    Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    return Files.isReadable(setting) && !Files.readString(setting).contains("[never]");
  }

  @Test
  void the_server_it_starts_from_the_class_path_keeps_what_the_jars_manifest_gives()
      throws Exception {
    Path root = Files.createDirectories(work.resolve("site"));
    byte[] large = new byte[1 << 20];
    new Random(21).nextBytes(large);
    Files.write(root.resolve("large.bin"), large);

    RunningJar server =
        RunningJar.startLauncher(
            work, Map.of("MTSERVER_CACHE", "off"), "--port", "0", "--root", root.toString());
    try (server) {
      URI url = server.awaitUrl(START);
      // bin/mtserver runs the jar on the class path: one reading of its directory fewer at start
      assertThat(proc(server, "cmdline"))
          .doesNotContain("-jar")
          .contains("-cp", "dev.mtserver.app.cli.Main");
      try (HttpClient client = HttpClient.newHttpClient()) {
        HttpResponse<byte[]> response =
            client.send(
                HttpRequest.newBuilder(url.resolve("/large.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(large);
      }
      server.terminate();
      assertThat(server.awaitExit(START)).isZero();
    }

    // On the class path the manifest's Add-Opens does not apply: the launcher opens sun.nio.ch
    // itself, or large files would leave without TCP_CORK and the server would say so at start
    // (WithoutCorkIT).
    assertThat(server.stderr()).noneMatch(line -> line.contains("more TCP segments than needed"));
  }

  private RunningJar serveOnceAndStop(Map<String, String> environment) throws Exception {
    RunningJar server = RunningJar.startLauncher(work, environment, "--port", "0");
    try (server) {
      assertThat(get(server.awaitUrl(START)).statusCode()).isEqualTo(200);
      server.terminate();
      assertThat(server.awaitExit(START)).isZero();
    }
    return server;
  }

  /**
   * A NUL-separated file of the running server's {@code /proc} entry: its command line, its
   * environment.
   */
  private static List<String> proc(RunningJar server, String file) throws IOException {
    return List.of(
        Files.readString(Path.of("/proc", Long.toString(server.pid()), file)).split("\0"));
  }

  private List<Path> cacheFiles() throws IOException {
    try (Stream<Path> files = Files.list(cacheDir)) {
      return files.filter(file -> file.getFileName().toString().matches(CACHE_FILE)).toList();
    }
  }

  private static HttpResponse<String> get(URI url) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
