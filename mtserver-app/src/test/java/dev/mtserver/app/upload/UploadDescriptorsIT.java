package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.OpenDescriptors;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 4: a request of many files must not hold a file descriptor per file until it
 * ends. The real jar runs under {@code ulimit -n 160}; three clients each send 60 files and hold
 * their request open before its close delimiter. Were every temporary file kept open (the old way:
 * 180 of them), the table would overflow and everyone would get 500s; a file that is finished is
 * closed, so each request holds at most the one file it is still writing.
 */
@EnabledOnOs(OS.LINUX)
class UploadDescriptorsIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  /** How long a raw client waits for each read: a server that hangs fails the test. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private static final int OPEN_FILES = 160;
  private static final int CLIENTS = 3;
  private static final int FILES_EACH = 60;

  @TempDir Path dir;

  @Test
  void slow_requests_of_many_files_hold_one_descriptor_each_and_the_server_keeps_serving()
      throws Exception {
    Files.createDirectories(dir.resolve("site"));
    Files.writeString(dir.resolve("site/index.html"), "hello\n");
    Path uploads = dir.resolve("site/downloads");
    try (RunningJar jar =
        RunningJar.startWithOpenFileLimit(
            dir,
            OPEN_FILES,
            "--port",
            "0",
            "--root",
            "site",
            "--data",
            "data",
            "--max-parts",
            "100",
            "--body-timeout",
            "60s")) {
      URI url = jar.awaitUrl(STARTUP);
      List<RawHttpClient> held = new ArrayList<>();
      List<byte[]> closings = new ArrayList<>();
      try {
        for (int c = 0; c < CLIENTS; c++) {
          MultipartBody body = new MultipartBody();
          for (int f = 0; f < FILES_EACH; f++) {
            body.file(
                "f",
                "client-" + c + "-file-" + f + ".txt",
                ("content " + c + "/" + f).getBytes(UTF_8));
          }
          byte[] open = body.open();
          byte[] whole = body.close();
          RawHttpClient client = RawHttpClient.connect(url, READ_TIMEOUT);
          held.add(client);
          client
              .send(
                  RawHttpClient.request(
                      "POST",
                      "/upload",
                      "Content-Type: " + body.contentType(),
                      "Content-Length: " + whole.length))
              .send(open); // everything but the close delimiter
          closings.add(java.util.Arrays.copyOfRange(whole, open.length, whole.length));
        }
        // every file of every request is on disk, hidden, waiting for its request to end
        assertThat(
                UploadsDirectory.await(
                    uploads,
                    names ->
                        names.stream().filter(n -> n.startsWith(".")).count()
                            >= CLIENTS * FILES_EACH,
                    Duration.ofSeconds(30)))
            .as("temporary files: %s", UploadsDirectory.temporaryNames(uploads).size())
            .isTrue();

        List<String> open = OpenDescriptors.under(jar.pid(), uploads.toRealPath());
        assertThat(open)
            .as("descriptors the server holds in the uploads directory")
            .hasSizeLessThanOrEqualTo(CLIENTS + 1); // the file each is writing, and one owner lock

        try (RawHttpClient other = RawHttpClient.connect(url, READ_TIMEOUT)) {
          MultipartBody small =
              new MultipartBody().file("f", "meanwhile.txt", "served".getBytes(UTF_8));
          byte[] bytes = small.close();
          other
              .send(
                  RawHttpClient.request(
                      "POST",
                      "/upload",
                      "Content-Type: " + small.contentType(),
                      "Content-Length: " + bytes.length))
              .send(bytes);
          assertThat(other.readResponse().status()).isEqualTo(201);
          assertThat(other.send(RawHttpClient.get("/index.html")).readResponse().bodyText())
              .isEqualTo("hello\n");
        }

        for (int c = 0; c < CLIENTS; c++) {
          assertThat(held.get(c).send(closings.get(c)).readResponse().status()).isEqualTo(201);
        }
      } finally {
        for (RawHttpClient client : held) {
          client.close();
        }
      }
      assertThat(UploadsDirectory.visibleNames(uploads)).hasSize(CLIENTS * FILES_EACH + 1);
      assertThat(Files.readString(uploads.resolve("client-2-file-59.txt")))
          .isEqualTo("content 2/59");
      assertThat(
              UploadsDirectory.await(
                  uploads,
                  names -> names.stream().noneMatch(n -> n.startsWith(".")),
                  Duration.ofSeconds(5)))
          .as("no temporary file or lock is left")
          .isTrue();
      assertThat(jar.stderr()).noneMatch(line -> line.contains("Too many open files"));
    }
  }
}
