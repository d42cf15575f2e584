package dev.mtserver.app.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code --threads platform} a large file leaves the real jar in full-sized TCP segments, as
 * from nginx with {@code tcp_nopush on}: the jar's manifest opens what the transport needs to set
 * {@code TCP_CORK}. Without the cork, a platform thread's blocking {@code sendfile} calls each end
 * in a short segment and a download takes more packets. (The default virtual threads send files
 * uncorked, which measured faster there: ADR 0021, thirtieth session.) The kernel's own count comes
 * from {@code ss} (iproute2), read while the keep-alive connection is still open.
 */
@EnabledOnOs(OS.LINUX)
class FullSegmentsIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final int SIZE = 8 << 20;
  private static final Pattern MSS = Pattern.compile("\\bmss:(\\d+)");
  private static final Pattern DATA_SEGMENTS = Pattern.compile("\\bdata_segs_out:(\\d+)");

  @TempDir Path dir;

  @Test
  void a_large_download_is_sent_in_full_sized_segments() throws Exception {
    Path root = Files.createDirectories(dir.resolve("site"));
    byte[] content = new byte[SIZE];
    new Random(11).nextBytes(content);
    Files.write(root.resolve("large.bin"), content);

    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--root", "site", "--threads", "platform")) {
      URI url = jar.awaitUrl(STARTUP);
      // A fixed receive buffer (asked for 4 MiB, capped by net.core.rmem_max): with the
      // kernel's autotuning the window starts small, and a sender's segments are capped at half
      // the largest window its peer has offered, so the count would depend on the timing.
      try (RawHttpClient client =
          RawHttpClient.connect(
              new InetSocketAddress(url.getHost(), url.getPort()),
              Duration.ofSeconds(20),
              4 << 20)) {
        client.send(RawHttpClient.get("/large.bin"));
        assertThat(client.readHead().statusLine()).startsWith("HTTP/1.1 200 ");
        assertThat(client.input().readNBytes(SIZE)).isEqualTo(content);

        String stats = serverSideSocketStats(url.getPort(), client.localPort());
        long mss = number(MSS, stats);
        long segments = number(DATA_SEGMENTS, stats);
        long fullSized = (SIZE + mss - 1) / mss; // the fewest segments that can carry the file
        // Measured for 8 MiB at mss 65,483 (129 at the least): 130-133 corked, also with both
        // cores busy; 153-158 without the cork (and about twice 129 for a curl-like client).
        assertThat(segments)
            .as("data segments for %d bytes at mss %d (%s)", SIZE, mss, stats)
            .isLessThanOrEqualTo(fullSized + fullSized / 10 + 2);
        assertThat(jar.stderr())
            .as("the cork is available in the jar")
            .noneMatch(line -> line.contains("more TCP segments than needed"));
      }
    }
  }

  /** {@code ss -ti} for the server's end of the connection from {@code clientPort}. */
  private static String serverSideSocketStats(int serverPort, int clientPort)
      throws IOException, InterruptedException {
    Process ss =
        new ProcessBuilder(
                "ss",
                "-tinH",
                "state",
                "established",
                "( sport = :" + serverPort + " and dport = :" + clientPort + " )")
            .redirectErrorStream(true)
            .start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ss.exitValue()).as("ss (iproute2) must be installed: %s", out).isZero();
    return out;
  }

  private static long number(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s in: %s", pattern, text).isTrue();
    return Long.parseLong(m.group(1));
  }
}
