package dev.mtserver.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log of a real server: what it writes for each kind of request, and where. */
class AccessLogIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  /** One access-log line, as docs/operations.md documents it. */
  private static final Pattern LINE =
      Pattern.compile(
          "(\\S+) - - \\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}] \"([^\"]*)\""
              + " (\\d{3}) (\\d+) \"([^\"]*)\" \"([^\"]*)\" (\\d+\\.\\d{3})");

  @TempDir Path dir;

  private MtServer startWithLogFile(Path log) throws Exception {
    ServerSettings settings = ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data"));
    return MtServer.start(settings.toBuilder().accessLog(new AccessLogTarget.ToFile(log)).build());
  }

  @Test
  void ok_not_found_and_bad_requests_each_get_one_line_with_status_bytes_and_time()
      throws Exception {
    Path log = dir.resolve("logs/access.log");
    MtServer server = startWithLogFile(log);
    URI url = server.url();
    long indexBytes;
    try {
      indexBytes =
          Clients.send(
                  HttpRequest.newBuilder(url.resolve("/index.html"))
                      .header("Referer", "http://example.test/from")
                      .header("User-Agent", "it-agent/1.0")
                      .build())
              .body()
              .getBytes(StandardCharsets.UTF_8)
              .length;
      assertThat(Clients.get(url, "/missing.html").statusCode()).isEqualTo(404);
      String bad =
          Clients.raw(server.address(), "GET /x HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n");
      assertThat(bad).startsWith("HTTP/1.1 400 ");
    } finally {
      server.shutdown();
    }

    List<String> lines = Files.readAllLines(log, StandardCharsets.US_ASCII);
    assertThat(lines).hasSize(3).allMatch(line -> LINE.matcher(line).matches());
    assertThat(lines.get(0))
        .startsWith("127.0.0.1 - - [")
        .contains(
            "\"GET /index.html HTTP/1.1\" 200 "
                + indexBytes
                + " \"http://example.test/from\" \"it-agent/1.0\" ");
    assertThat(lines.get(1)).contains("\"GET /missing.html HTTP/1.1\" 404 ");
    assertThat(lines.get(2)).contains("\"GET /x HTTP/1.1\" 400 ").contains("\"-\" \"-\"");
  }

  @Test
  void a_download_the_client_abandons_logs_the_bytes_that_really_left() throws Exception {
    Path log = dir.resolve("access.log");
    MtServer server = startWithLogFile(log);
    int size = 64 << 20;
    try (java.io.RandomAccessFile big =
        new java.io.RandomAccessFile(dir.resolve("public/big.bin").toFile(), "rw")) {
      big.setLength(size);
    }
    try {
      // a small receive buffer, so that the window stays small
      try (RawHttpClient client =
          RawHttpClient.connect(server.address(), Duration.ofSeconds(10), 64 * 1024)) {
        client.send("GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n");
        client.input().readNBytes(1 << 20); // a first megabyte, then the client leaves
        client.reset(); // as a browser tab closed mid-download
      }
      assertThat(Eventually.within(Duration.ofSeconds(15), () -> lines(log).size() == 1)).isTrue();
    } finally {
      server.shutdown();
    }

    var m = LINE.matcher(lines(log).get(0));
    assertThat(m.matches()).isTrue();
    assertThat(m.group(2)).isEqualTo("GET /big.bin HTTP/1.1");
    assertThat(m.group(3)).isEqualTo("200");
    assertThat(Long.parseLong(m.group(4)))
        .as("more than the client read, far less than the file")
        .isGreaterThan((1 << 20) - 1024)
        .isLessThan(size); // (the megabyte read included the head)
  }

  private static List<String> lines(Path log) {
    try {
      return Files.readAllLines(log);
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  @Test
  void every_line_is_in_the_file_once_shutdown_returns() throws Exception {
    Path log = dir.resolve("access.log");
    MtServer server = startWithLogFile(log);
    int requests = 300;
    try {
      for (int i = 0; i < requests; i++) {
        Clients.get(server.url(), "/style.css?n=" + i);
      }
    } finally {
      server.shutdown(); // at once: whatever is still queued must be written before it returns
    }

    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(requests);
    assertThat(lines.get(requests - 1)).contains("/style.css?n=" + (requests - 1) + " ");
  }

  @Test
  void the_jar_writes_the_access_log_to_stdout_after_the_listening_line_as_requests_happen()
      throws Exception {
    try (RunningJar jar = RunningJar.start(dir, "--port", "0")) {
      URI url = jar.awaitUrl(STARTUP);
      Clients.get(url, "/");

      assertThat(
              Eventually.within(
                  Duration.ofSeconds(10),
                  () ->
                      jar.stdout().stream()
                          .anyMatch(line -> line.contains("\"GET / HTTP/1.1\" 200 "))))
          .as("the line appears while the server runs, not only at exit")
          .isTrue();
      assertThat(jar.stdout().get(0)).contains(url.toString());
    }
  }

  @Test
  void the_jar_with_access_log_off_prints_no_access_lines() throws Exception {
    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--access-log", "off")) {
      URI url = jar.awaitUrl(STARTUP);
      Clients.get(url, "/");
      jar.terminate();
      assertThat(jar.awaitExit(STARTUP)).isZero();

      assertThat(jar.stdout()).noneMatch(line -> LINE.matcher(line).find());
      assertThat(jar.stdout().get(0)).contains(url.toString());
    }
  }

  @Test
  void the_jar_with_an_access_log_file_has_every_line_in_it_after_sigterm() throws Exception {
    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--access-log", "logs/access.log")) {
      URI url = jar.awaitUrl(STARTUP);
      for (int i = 0; i < 50; i++) {
        Clients.get(url, "/?n=" + i);
      }
      jar.terminate();
      assertThat(jar.awaitExit(STARTUP)).isZero();

      List<String> lines = Files.readAllLines(dir.resolve("logs/access.log"));
      assertThat(lines).hasSize(50).allMatch(line -> LINE.matcher(line).matches());
      assertThat(jar.stdout()).noneMatch(line -> LINE.matcher(line).find());
      assertThat(jar.stdout())
          .anyMatch(line -> line.contains("access log to " + dir.resolve("logs/access.log")));
    }
  }

  @Test
  void an_access_log_that_cannot_be_opened_stops_the_start_with_one_line() throws Exception {
    Files.createDirectories(dir.resolve("taken"));
    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--access-log", "taken")) {
      assertThat(jar.awaitExit(STARTUP)).isEqualTo(1);
      assertThat(jar.stderr())
          .anySatisfy(line -> assertThat(line).contains("--access-log taken", "cannot open"));
      assertThat(jar.stdout()).isEmpty();
    }
  }
}
