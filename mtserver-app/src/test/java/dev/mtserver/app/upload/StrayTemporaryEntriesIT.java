package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 8: whatever lies in the uploads directory under a temporary file's name — a
 * directory with files in it, a FIFO, a socket, a symbolic link — the start-up clean-up never stops
 * the server from starting, never follows a link, and never deletes a directory's contents.
 */
@EnabledOnOs(OS.LINUX)
class StrayTemporaryEntriesIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  @TempDir Path dir;

  @Test
  void odd_entries_under_temporary_names_never_stop_the_server_from_starting() throws Exception {
    Path uploads = Files.createDirectories(dir.resolve("public/downloads"));
    Path strayDirectory =
        Files.createDirectories(uploads.resolve(".upload-00112233445566778899aabb.part"));
    Files.writeString(strayDirectory.resolve("someone's.txt"), "kept");
    Files.createDirectories(uploads.resolve(".upload-00112233445566778899aabb-1.tmp/inner"));
    Path outside = Files.writeString(dir.resolve("outside.txt"), "precious");
    Files.createSymbolicLink(uploads.resolve(".upload-0000000000000000000000aa.part"), outside);
    Process mkfifo =
        new ProcessBuilder(
                "mkfifo", uploads.resolve(".upload-0000000000000000000000bb.part").toString())
            .inheritIO()
            .start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(
          UnixDomainSocketAddress.of(uploads.resolve(".upload-0000000000000000000000cc.part")));
    }

    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--root", "public", "--data", "data")) {
      URI url = jar.awaitUrl(STARTUP);

      MultipartBody body = new MultipartBody().file("f", "after.txt", "stored".getBytes(UTF_8));
      byte[] bytes = body.close();
      try (RawHttpClient client = RawHttpClient.connect(url, READ_TIMEOUT)) {
        assertThat(
                client
                    .send(
                        RawHttpClient.request(
                            "POST",
                            "/upload",
                            "Content-Type: " + body.contentType(),
                            "Content-Length: " + bytes.length))
                    .send(bytes)
                    .readResponse()
                    .status())
            .isEqualTo(201);
      }
      assertThat(Files.readString(uploads.resolve("after.txt"))).isEqualTo("stored");
    }
    assertThat(Files.readString(outside))
        .as("a link is removed, never followed")
        .isEqualTo("precious");
    assertThat(Files.readString(strayDirectory.resolve("someone's.txt")))
        .as("a directory is never emptied")
        .isEqualTo("kept");
    assertThat(UploadsDirectory.temporaryNames(uploads))
        .containsExactlyInAnyOrder(
            ".upload-00112233445566778899aabb.part", ".upload-00112233445566778899aabb-1.tmp");
  }
}
