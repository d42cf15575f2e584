package dev.mtserver.app.cgi;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RawHttpClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One script slot and a long time limit: a script ends because its client left or because the
 * server refused to start it, never because its time ran out.
 */
class ScriptLimitsIT {

  @TempDir static Path dir;
  static MtServer server;
  static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    Path phpCgi = PhpCgi.require();
    Path root = Files.createDirectories(dir.resolve("public"));
    // prints its pid, then a line every 100 ms for up to 60 s
    Files.writeString(
        root.resolve("stream.php"),
        """
        <?php
        while (ob_get_level() > 0) { ob_end_flush(); }
        ob_implicit_flush(true);
        echo getmypid(), "\\n";
        flush();
        for ($i = 0; $i < 600; $i++) { echo "tick $i\\n"; flush(); usleep(100000); }
        """);
    Files.writeString(root.resolve("hello.php"), "<?php echo 'hello';");
    ScriptSettings scripts =
        ScriptSettings.using(phpCgi).withTimeout(Duration.ofSeconds(60)).withMaxScripts(1);
    server =
        MtServer.start(
            ServerSettings.forRoot(root, dir.resolve("data")).toBuilder().scripts(scripts).build());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void a_client_that_hangs_up_kills_its_script_and_frees_the_slot() throws Exception {
    long pid;
    try (RawHttpClient http = RawHttpClient.connect(server.url(), Duration.ofSeconds(20))) {
      http.send("GET /stream.php HTTP/1.1\r\nHost: t\r\n\r\n");
      RawHttpClient.Head head = http.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Transfer-Encoding")).contains("chunked");
      int firstChunk = Integer.parseInt(http.readLine(), 16);
      String firstOutput =
          new String(http.input().readNBytes(firstChunk), US_ASCII); // the script's pid, a newline
      pid = Long.parseLong(firstOutput.lines().findFirst().orElseThrow());
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

      // the only slot is taken: another script is refused at once, before it runs
      HttpResponse<String> refused =
          client.send(
              HttpRequest.newBuilder(server.url().resolve("/hello.php")).build(),
              BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    } // hang up mid-body

    Eventually.within(
        Duration.ofSeconds(15),
        () -> {
          assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
              .isNotEqualTo(Optional.of(true));
          assertThat(server.runningScripts()).isZero();
        });
    HttpResponse<String> after =
        client.send(
            HttpRequest.newBuilder(server.url().resolve("/hello.php")).build(),
            BodyHandlers.ofString());
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).isEqualTo("hello");
  }
}
