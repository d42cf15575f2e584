package dev.mtserver.app.php;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.dynamic.fastcgi.testing.PhpFpm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked request body for php-fpm is spooled first (PHP needs its length, ADR 0030); when the
 * spool's disk is full the client gets 507 and the connection closes — never a half request to
 * php-fpm — and nothing is left in the spool. The data directory is a 256 KiB tmpfs, so the disk
 * really fills up. Needs root and permission to mount, and php-fpm; skipped elsewhere.
 */
class FpmChunkedBodyDiskFullIT {

  @TempDir Path dir;
  private Path disk;
  private boolean mounted;

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      run("umount", disk.toString());
    }
  }

  @Test
  void a_chunked_body_the_full_spool_cannot_hold_is_507_and_the_next_one_runs_once_there_is_room()
      throws Exception {
    PhpFpm.binary();
    disk = Files.createDirectory(dir.resolve("small-data-disk"));
    mounted = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString());
    assumeTrue(mounted, "cannot mount a tmpfs here (not root, or no mount permission)");
    Path root = Files.createDirectories(dir.resolve("public"));
    Files.writeString(
        root.resolve("length.php"), "<?php echo strlen(file_get_contents('php://input'));\n");
    Path filler = disk.resolve("filler");

    PhpFpm fpm = PhpFpm.start(dir.resolve("fpm"), 1, false);
    try (MtServer server =
        MtServer.start(
            ServerSettings.forRoot(root, disk).toBuilder()
                .scripts(
                    ScriptSettings.usingPhpFpm(fpm.address()).withTimeout(Duration.ofSeconds(10)))
                .build())) {
      fillUp(filler);

      RawHttpClient.Response full = postChunked(server, 100_000);

      assertThat(full.status()).isEqualTo(507);
      assertThat(full.header("Connection")).contains("close");
      assertThat(spooled()).as("nothing is left in the spool").isEmpty();

      Files.delete(filler);
      RawHttpClient.Response after = postChunked(server, 100_000);
      assertThat(after.status()).isEqualTo(200);
      assertThat(after.bodyText()).isEqualTo("100000");
    } finally {
      fpm.close();
    }
  }

  private java.util.List<String> spooled() throws IOException {
    try (Stream<Path> files = Files.list(disk.resolve(MtServer.SPOOL_DIRECTORY))) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  /** Writes until the disk says it is full. */
  private static void fillUp(Path filler) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int i = 0; i < 1024; i++) {
        out.write(block);
        out.flush();
      }
    } catch (IOException noSpaceLeft) {
      return;
    }
    throw new AssertionError("the disk never filled up");
  }

  /** One chunk of {@code length} bytes, past the 64 KiB a chunked body may take in memory. */
  private static RawHttpClient.Response postChunked(MtServer server, int length)
      throws IOException {
    byte[] chunk = "x".repeat(length).getBytes(UTF_8);
    try (RawHttpClient client = RawHttpClient.connect(server.address(), Duration.ofSeconds(15))) {
      client.send(
          RawHttpClient.request(
              "POST",
              "/length.php",
              "Content-Type: application/octet-stream",
              "Transfer-Encoding: chunked"));
      try {
        client.send((Integer.toHexString(length) + "\r\n").getBytes(UTF_8));
        client.send(chunk);
        client.send("\r\n0\r\n\r\n".getBytes(UTF_8));
      } catch (IOException answeredAndClosed) {
        // the server may answer and close before it has read everything
      }
      return client.readPossiblyCutResponse();
    }
  }

  private static boolean run(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
