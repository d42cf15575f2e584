package dev.mtserver.app.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RunningJar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
      try (Socket socket = new Socket(url.getHost(), url.getPort())) {
        socket.setSoTimeout(10_000);
        String request = "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();

        out.write(request.getBytes(StandardCharsets.US_ASCII));
        assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").endsWith("hello\n");

        Thread.sleep(IDLE.toMillis());

        out.write(request.getBytes(StandardCharsets.US_ASCII));
        assertThat(readResponse(in))
            .as("the second request, after %s idle on the same connection", IDLE)
            .startsWith("HTTP/1.1 200 ")
            .endsWith("hello\n");
      }
    }
  }

  /** One response with a {@code Content-Length}; "" if the server had closed the connection. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString(StandardCharsets.US_ASCII);
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    for (String line : text.lines().toList()) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    return text + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }
}
