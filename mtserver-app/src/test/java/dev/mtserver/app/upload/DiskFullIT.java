package dev.mtserver.app.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outcome 4, disk full: the uploads directory is a 2 MiB tmpfs, so the disk really fills up. Needs
 * root and permission to mount (CI and the dev machines run as root); skipped elsewhere.
 */
class DiskFullIT {

  private static final int DISK = 2 * 1024 * 1024;

  /** How long a raw client waits for each read: a server that hangs fails the test. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  @TempDir static Path dir;
  static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static Path disk;
  static boolean mounted;
  static MtServer server;

  @BeforeAll
  static void start() throws Exception {
    disk = Files.createDirectory(dir.resolve("small-disk"));
    mounted = run("mount", "-t", "tmpfs", "-o", "size=" + DISK, "tmpfs", disk.toString());
    assumeTrue(mounted, "cannot mount a tmpfs here (not root, or no mount permission)");
    server =
        MtServer.start(
            ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")).toBuilder()
                .uploadsDirectory(disk)
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close(); // idle keep-alive connections would hold the server's shutdown grace
    if (server != null) {
      server.close();
    }
    if (mounted) {
      run("umount", disk.toString());
    }
  }

  private static boolean run(String... command) throws IOException, InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void an_upload_that_fills_the_disk_is_507_leaves_nothing_and_the_server_keeps_serving()
      throws Exception {
    MultipartBody body = new MultipartBody();
    byte[] bytes = body.file("f", "filler.bin", new byte[DISK / 2]).close();
    MultipartBody secondBody = new MultipartBody();
    byte[] second = secondBody.file("f", "overflow.bin", new byte[DISK / 2 + DISK / 4]).close();

    try (RawHttpClient overflow = RawHttpClient.connect(server.url(), READ_TIMEOUT);
        RawHttpClient filler = RawHttpClient.connect(server.url(), READ_TIMEOUT)) {
      // The second upload starts while the disk is empty, so the up-front space check lets it in...
      overflow.send(
          RawHttpClient.request(
              "POST",
              "/upload",
              "Content-Type: " + secondBody.contentType(),
              "Content-Length: " + second.length));
      overflow.send(Arrays.copyOf(second, 4096));
      assertThat(UploadsDirectory.await(disk, names -> !names.isEmpty(), Duration.ofSeconds(10)))
          .isTrue();
      // ...then another upload takes half of the disk...
      filler
          .send(
              RawHttpClient.request(
                  "POST",
                  "/upload",
                  "Content-Type: " + body.contentType(),
                  "Content-Length: " + bytes.length))
          .send(bytes);
      assertThat(filler.readResponse().status()).isEqualTo(201);
      // ...and the rest of the second one no longer fits.
      try {
        overflow.send(Arrays.copyOfRange(second, 4096, second.length));
      } catch (IOException answeredAndClosed) {
        // the server may answer and close before it has read everything
      }

      RawHttpClient.Response response = overflow.readResponse();

      assertThat(response.status()).isEqualTo(507);
      assertThat(response.header("Connection")).contains("close");
    }
    assertThat(
            UploadsDirectory.await(
                disk,
                names -> names.equals(java.util.List.of("filler.bin")),
                Duration.ofSeconds(5)))
        .as("only the complete upload is left; the temporary file is gone")
        .isTrue();

    var page =
        client.send(
            HttpRequest.newBuilder(server.url().resolve("/upload.html"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
  }

  @Test
  void an_upload_larger_than_the_free_space_is_507_before_its_body_is_read() throws Exception {
    MultipartBody body = new MultipartBody();
    byte[] bytes = body.file("f", "huge.bin", new byte[DISK + 1024]).close();
    try (RawHttpClient http = RawHttpClient.connect(server.url(), READ_TIMEOUT)) {
      http.send(
          RawHttpClient.request(
              "POST",
              "/upload",
              "Content-Type: " + body.contentType(),
              "Content-Length: " + bytes.length,
              "Expect: 100-continue"));

      RawHttpClient.Response response = http.readResponse();

      assertThat(response.status()).isEqualTo(507);
      assertThat(response.text()).doesNotContain("100 Continue");
    }
    assertThat(UploadsDirectory.names(disk)).doesNotContain("huge.bin");
  }
}
