package dev.mtserver.app.https;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.Eventually;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-connections-per-ip} (issue 16, outcome 4): one address cannot take every worker;
 * past its share it reads a 503, while another address is served. Linux routes all of 127/8 to the
 * loopback, so a client bound to 127.0.0.2 is another address.
 */
class PerAddressLimitIT {

  private static final String GET =
      "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

  @TempDir Path dir;

  @Test
  void the_third_connection_from_one_address_gets_503_while_another_address_is_served()
      throws Exception {
    Files.createDirectories(dir.resolve("public"));
    Files.writeString(dir.resolve("public/index.html"), "hello\n");
    ServerSettings settings =
        ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")).toBuilder()
            .transport(t -> t.maxConnections(8).maxConnectionsPerAddress(2))
            .build();
    try (MtServer server = MtServer.start(settings)) {
      Socket first = connect(server.address(), "127.0.0.1");
      Socket second = connect(server.address(), "127.0.0.1");
      assertThat(
              Eventually.within(
                  Duration.ofSeconds(5), () -> server.stats().activeConnections() == 2))
          .isTrue();

      String refused = exchange(server.address(), "127.0.0.1");
      assertThat(refused).startsWith("HTTP/1.1 503 ").contains("Retry-After: ");

      String other = exchange(server.address(), "127.0.0.2");
      assertThat(other).startsWith("HTTP/1.1 200 ").endsWith("hello\n");

      first.close();
      assertThat(
              Eventually.within(
                  Duration.ofSeconds(5), () -> server.stats().activeConnections() == 1))
          .isTrue();
      assertThat(exchange(server.address(), "127.0.0.1"))
          .as("a closed connection gives its share back")
          .startsWith("HTTP/1.1 200 ");
      String metrics = exchange(server.address(), "127.0.0.3", "/metrics");
      assertThat(metrics).contains("\nmtserver_connections_refused_per_ip_total 1\n");
      second.close();
    }
  }

  private static Socket connect(InetSocketAddress server, String from) throws Exception {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    socket.connect(server, 5000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static String exchange(InetSocketAddress server, String from) throws Exception {
    return exchange(server, from, "/");
  }

  private static String exchange(InetSocketAddress server, String from, String path)
      throws Exception {
    try (Socket socket = connect(server, from)) {
      socket
          .getOutputStream()
          .write(GET.replace("GET / ", "GET " + path + " ").getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
