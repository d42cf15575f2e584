package dev.mtserver.app.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RunningJar;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outcome 5: a server killed with SIGKILL in the middle of an upload leaves no file under its
 * final name, and the next start removes the temporary file it left.
 */
class CrashSafetyIT {

  @TempDir Path dir;

  @Test
  void a_server_killed_mid_upload_leaves_no_file_and_the_next_start_cleans_up() throws Exception {
    Path downloads = dir.resolve("public/downloads");
    MultipartBody body = new MultipartBody().file("f", "interrupted.bin", new byte[8 * 1024 * 1024]);
    byte[] bytes = body.close();

    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--root", "public", "--data", "data")) {
      URI url = jar.awaitUrl(Duration.ofSeconds(30));
      try (RawHttp http = new RawHttp(url)) {
        http.send(RawHttp.head("POST", "/upload", "Content-Type: " + body.contentType(),
            "Content-Length: " + bytes.length));
        http.send(Arrays.copyOf(bytes, bytes.length / 2));
        assertThat(UploadsDirectory.await(downloads, names -> !names.isEmpty(), Duration.ofSeconds(10))).isTrue();

        jar.kill();
        jar.awaitExit(Duration.ofSeconds(10));
      }
    }
    assertThat(UploadsDirectory.visibleNames(downloads)).isEmpty();
    assertThat(UploadsDirectory.temporaryNames(downloads)).hasSize(1);

    try (RunningJar again = RunningJar.start(dir, "--port", "0", "--root", "public", "--data", "data")) {
      again.awaitUrl(Duration.ofSeconds(30));

      assertThat(UploadsDirectory.names(downloads)).isEmpty();
    }
  }
}
