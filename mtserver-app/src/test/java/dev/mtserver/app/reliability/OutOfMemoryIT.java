package dev.mtserver.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code OutOfMemoryError} never leaves a process that neither serves nor exits (issue 13,
 * finding 3; ADR 0022): the real jar, started with a plain {@code java -jar} (no {@code
 * -XX:+ExitOnOutOfMemoryError}), runs out of heap — here because its small-file cache is told it
 * may hold far more than the heap — and stops at once with exit status 3 after one line on stderr,
 * so that a supervisor restarts it.
 */
class OutOfMemoryIT {

  private static final int FILES = 4000;
  private static final int FILE_BYTES = 16 * 1024;

  @TempDir Path dir;

  @Test
  void a_heap_exhausted_server_stops_with_exit_status_3_and_says_why_once() throws Exception {
    Path root = Files.createDirectories(dir.resolve("public"));
    Files.writeString(root.resolve("index.html"), "<p>hi</p>\n");
    byte[] content = new byte[FILE_BYTES];
    FileTime settled = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    for (int i = 0; i < FILES; i++) {
      Path file = root.resolve("f" + i + ".bin");
      Files.write(file, content);
      Files.setLastModifiedTime(file, settled); // old enough to be cached
    }

    try (RunningJar jar =
        RunningJar.start(
            dir,
            List.of("-Xmx40m"),
            "--port",
            "0",
            "--root",
            root.toString(),
            "--data",
            dir.resolve("data").toString(),
            "--access-log",
            "off",
            "--file-cache",
            "1g")) {
      URI url = jar.awaitUrl(Duration.ofSeconds(30));
      InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());
      int served = 0;
      try (RawHttpClient client = RawHttpClient.connect(address, Duration.ofSeconds(10))) {
        for (int i = 0; i < FILES; i++) { // 64 MiB of small files into a 40 MiB heap, one by one
          client.send(RawHttpClient.get("/f" + i + ".bin")).readResponse();
          served++;
        }
      } catch (IOException expected) {
        // the connection ended with the process
      }

      assertThat(jar.awaitExit(Duration.ofSeconds(30))).as("after %d files", served).isEqualTo(3);
      assertThat(jar.stderr())
          .filteredOn(line -> line.startsWith("mtserver: fatal:"))
          .singleElement()
          .asString()
          .contains("OutOfMemoryError", "exit status 3");
    }
  }
}
