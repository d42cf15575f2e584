package dev.mtserver.app.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submission log on a disk that really fills up (a 256 KiB tmpfs as the data directory): a form
 * whose line no longer fits is written halfway, fails with ENOSPC, is cut back off, and the client
 * gets 507 — the log keeps only whole lines and takes the next post once there is room. Needs root
 * and permission to mount (CI and the dev machines run as root); skipped elsewhere.
 */
class SubmissionLogDiskFullIT {

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
  void a_line_that_fills_the_disk_is_cut_back_off_answered_507_and_the_log_takes_the_next_post()
      throws Exception {
    disk = Files.createDirectory(dir.resolve("small-data-disk"));
    mounted = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", disk.toString());
    assumeTrue(mounted, "cannot mount a tmpfs here (not root, or no mount permission)");
    Path log = disk.resolve(MtServer.SUBMISSIONS_FILE);
    Path filler = disk.resolve("filler");

    try (MtServer server = MtServer.start(ServerSettings.forRoot(dir.resolve("public"), disk))) {
      assertThat(post(server, "first").status()).isEqualTo(200);
      byte[] before = Files.readAllBytes(log);
      fillUp(filler);

      RawHttpClient.Response full = post(server, "x".repeat(20_000)); // five pages: cannot fit

      assertThat(full.status()).isEqualTo(507);
      assertThat(Files.readAllBytes(log))
          .as("the half-written line was cut back off")
          .isEqualTo(before);

      Files.delete(filler);
      assertThat(post(server, "after").status()).isEqualTo(200);
      String text = Files.readString(log, UTF_8);
      assertThat(text).startsWith(new String(before, UTF_8)).endsWith("\n");
      assertThat(text.lines()).hasSize(2).last().asString().contains("\"after\"");
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

  private static RawHttpClient.Response post(MtServer server, String note) throws IOException {
    byte[] body = ("note=" + note).getBytes(UTF_8);
    try (RawHttpClient client = RawHttpClient.connect(server.address(), Duration.ofSeconds(15))) {
      return client
          .send(Forms.post("/form.html", Forms.URLENCODED, body.length))
          .send(body)
          .readPossiblyCutResponse();
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
