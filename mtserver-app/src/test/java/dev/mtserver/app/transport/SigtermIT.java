package dev.mtserver.app.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to the real jar: drain, summary, exit 0. */
class SigtermIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  /** How long a raw client waits for each read: a server that hangs fails the test. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private static final Duration PROMPTLY = Duration.ofSeconds(5);
  private static final int BIG = 32 << 20;

  @TempDir Path dir;

  @Test
  void sigterm_closes_idle_connections_finishes_a_download_in_flight_logs_a_summary_and_exits_0()
      throws Exception {
    Path root = Files.createDirectories(dir.resolve("site"));
    byte[] big = new byte[BIG];
    new Random(7).nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    Files.writeString(root.resolve("small.txt"), "small\n");

    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--root", "site", "--shutdown-grace", "30s")) {
      URI url = jar.awaitUrl(STARTUP);
      try (RawHttpClient idle = RawHttpClient.connect(url, READ_TIMEOUT);
          RawHttpClient download = RawHttpClient.connect(url, READ_TIMEOUT)) {
        assertThat(idle.send(RawHttpClient.get("/small.txt")).readResponse().bodyText())
            .isEqualTo("small\n");
        RawHttpClient.Head head = download.send(RawHttpClient.get("/big.bin")).readHead();
        assertThat(head.status()).isEqualTo(200);
        InputStream body = download.input();
        byte[] received = new byte[BIG];
        int n = body.readNBytes(received, 0, 1 << 20); // a first megabyte; the rest is in flight

        jar.terminate(); // SIGTERM

        assertThat(idle.closedByServer(PROMPTLY)).as("the idle connection is closed").isTrue();
        assertThat(refusesConnections(url)).as("the listener is closed").isTrue();
        while (n < BIG) {
          int r = body.read(received, n, BIG - n);
          assertThat(r).as("the download goes on to its last byte").isPositive();
          n += r;
        }
        assertThat(received).isEqualTo(big);
        assertThat(download.closedByServer(PROMPTLY)).isTrue();
      }

      assertThat(jar.awaitExit(PROMPTLY.plusSeconds(10))).isZero();
      String summary = awaitLine(jar, "Stopped after");
      assertThat(summary)
          .contains("2 requests on 2 connections, peak 2 connections at once")
          .contains("0 cut off");
    }
  }

  /**
   * The first stderr line containing {@code text}; the pipe may still be draining after the exit.
   */
  private static String awaitLine(RunningJar jar, String text) throws InterruptedException {
    long until = System.nanoTime() + PROMPTLY.toNanos();
    while (System.nanoTime() < until) {
      for (String line : jar.stderr()) {
        if (line.contains(text)) {
          return line;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no line with '" + text + "' in " + jar.stderr());
  }

  @SuppressWarnings("try") // the resource is the point: it is held open, not used
  private static boolean refusesConnections(URI url) throws InterruptedException, IOException {
    long until = System.nanoTime() + PROMPTLY.toNanos();
    while (System.nanoTime() < until) {
      try (RawHttpClient probe = RawHttpClient.connect(url, READ_TIMEOUT)) {
        Thread.sleep(20);
      } catch (ConnectException e) {
        return true;
      }
    }
    return false;
  }
}
