package dev.mtserver.app.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers share one site and its uploads directory, as in docs/operations.md's "Scaling
 * out". The second one starting while the first is receiving an upload must not delete that
 * upload's temporary file: the upload completes, whole, and the other server serves it.
 */
class SharedUploadsDirectoryIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** How long a raw client waits for each read: a server that hangs fails the test. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  private static final int SIZE = 4 << 20;

  @TempDir Path dir;

  @Test
  void a_server_starting_beside_an_upload_in_flight_leaves_it_to_finish() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("site/downloads"));
    byte[] content = new byte[SIZE];
    new SplittableRandom(3).nextBytes(content);
    MultipartBody multipart = new MultipartBody().file("file", "report.bin", content);
    byte[] body = multipart.close();

    try (RunningJar first =
            RunningJar.start(dir, "--port", "0", "--root", "site", "--data", "data-a");
        RawHttpClient upload = RawHttpClient.connect(first.awaitUrl(PATIENCE), READ_TIMEOUT)) {
      upload.send(
          RawHttpClient.request(
              "POST",
              "/upload",
              "Content-Type: " + multipart.contentType(),
              "Content-Length: " + body.length));
      int half = body.length / 2;
      upload.send(Arrays.copyOf(body, half));
      assertThat(
              UploadsDirectory.await(
                  shared, names -> names.stream().anyMatch(n -> n.startsWith(".")), PATIENCE))
          .as("the upload is being written")
          .isTrue();

      try (RunningJar second =
          RunningJar.start(dir, "--port", "0", "--root", "site", "--data", "data-b")) {
        URI secondUrl = second.awaitUrl(PATIENCE);

        upload.send(Arrays.copyOfRange(body, half, body.length));
        assertThat(upload.readResponse().status()).isEqualTo(201);

        assertThat(UploadsDirectory.visibleNames(shared)).containsExactly("report.bin");
        assertThat(Files.readAllBytes(shared.resolve("report.bin"))).isEqualTo(content);
        try (HttpClient http = HttpClient.newHttpClient()) {
          byte[] served =
              http.send(
                      HttpRequest.newBuilder(secondUrl.resolve("/downloads/report.bin")).build(),
                      BodyHandlers.ofByteArray())
                  .body();
          assertThat(served).as("served by the other server").isEqualTo(content);
        }
      }
    }
  }

  /**
   * A file that has been received whole is closed while its request goes on (issue 13, finding 4):
   * only its server's lock keeps another server's start-up clean-up from deleting it.
   */
  @Test
  void a_file_received_whole_and_closed_survives_a_server_starting_while_its_request_goes_on()
      throws Exception {
    Path shared = Files.createDirectories(dir.resolve("site/downloads"));
    byte[] first = new byte[SIZE / 4];
    byte[] second = new byte[SIZE];
    new SplittableRandom(5).nextBytes(first);
    new SplittableRandom(6).nextBytes(second);
    MultipartBody multipart =
        new MultipartBody().file("file", "first.bin", first).file("file", "second.bin", second);
    byte[] body = multipart.close();

    try (RunningJar one =
            RunningJar.start(dir, "--port", "0", "--root", "site", "--data", "data-a");
        RawHttpClient upload = RawHttpClient.connect(one.awaitUrl(PATIENCE), READ_TIMEOUT)) {
      upload.send(
          RawHttpClient.request(
              "POST",
              "/upload",
              "Content-Type: " + multipart.contentType(),
              "Content-Length: " + body.length));
      int sent = body.length - second.length / 2; // the first file whole, half of the second
      upload.send(Arrays.copyOf(body, sent));
      assertThat(
              UploadsDirectory.await(
                  shared,
                  names -> names.stream().filter(n -> n.endsWith(".tmp")).count() == 2,
                  PATIENCE))
          .as("both files are being kept")
          .isTrue();

      try (RunningJar two =
          RunningJar.start(dir, "--port", "0", "--root", "site", "--data", "data-b")) {
        two.awaitUrl(PATIENCE);

        upload.send(Arrays.copyOfRange(body, sent, body.length));
        assertThat(upload.readResponse().status()).isEqualTo(201);
      }
    }
    assertThat(UploadsDirectory.visibleNames(shared)).containsExactly("first.bin", "second.bin");
    assertThat(Files.readAllBytes(shared.resolve("first.bin"))).isEqualTo(first);
    assertThat(Files.readAllBytes(shared.resolve("second.bin"))).isEqualTo(second);
  }
}
