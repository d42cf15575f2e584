package dev.mtserver.app.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RunningJar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Started from a class path, without the {@code --add-opens} that the jar's manifest gives, the
 * server cannot set {@code TCP_CORK} (ADR 0021): it says so once at start, with the fix, and serves
 * large files all the same.
 */
class WithoutCorkIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void a_server_without_the_cork_says_why_and_still_serves_large_files_whole() throws Exception {
    Path root = Files.createDirectories(dir.resolve("site"));
    byte[] content = new byte[3 << 20];
    new Random(5).nextBytes(content);
    Files.write(root.resolve("large.bin"), content);

    try (RunningJar jar = RunningJar.startOnClassPath(dir, "--port", "0", "--root", "site");
        HttpClient http = HttpClient.newHttpClient()) {
      URI url = jar.awaitUrl(STARTUP);
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(url.resolve("/large.bin")).build(),
              BodyHandlers.ofByteArray());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(content);
      assertThat(
              Eventually.within(
                  Duration.ofSeconds(5),
                  () ->
                      jar.stderr().stream()
                          .anyMatch(
                              line ->
                                  line.contains("more TCP segments than needed")
                                      && line.contains("--add-opens"))))
          .as("stderr: %s", jar.stderr())
          .isTrue();
    }
  }
}
