package dev.mtserver.app.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RawHttpClient.Response;
import dev.mtserver.app.testing.RunningJar;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no flags, a kept-alive connection may sit idle as long as nginx lets one (its {@code
 * keepalive_timeout}, 75 s): a client that comes back after the old default of 15 s finds its
 * connection still open.
 */
class IdleKeepAliveIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  /** Longer than the old default (15 s) and the deadline watchdog's tick that enforces it. */
  private static final Duration IDLE = Duration.ofSeconds(17);

  @TempDir Path dir;

  @Test
  void a_connection_idle_for_longer_than_fifteen_seconds_serves_its_next_request()
      throws Exception {
    Path root = Files.createDirectories(dir.resolve("site"));
    Files.writeString(root.resolve("hello.txt"), "hello\n");

    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--root", "site")) {
      URI url = jar.awaitUrl(STARTUP);
      try (RawHttpClient client = RawHttpClient.connect(url, Duration.ofSeconds(10))) {
        Response first = client.send(RawHttpClient.get("/hello.txt")).readResponse();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.bodyText()).isEqualTo("hello\n");

        Thread.sleep(IDLE.toMillis());

        // A connection the server had closed ends here in an EOFException instead of a response.
        Response second = client.send(RawHttpClient.get("/hello.txt")).readResponse();
        assertThat(second.status())
            .as("the second request, after %s idle on the same connection", IDLE)
            .isEqualTo(200);
        assertThat(second.bodyText()).isEqualTo("hello\n");
      }
    }
  }
}
