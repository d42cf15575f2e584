package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The traffic counters in {@link TransportStats}: bytes on the wire and timeouts by kind. */
class TrafficCountersIT {

  private static final Duration SHORT = Duration.ofMillis(600);
  private static final Duration SLACK = Duration.ofSeconds(5);
  private final TinyHttpHandler handler = new TinyHttpHandler();

  @Test
  void every_byte_each_way_is_counted() throws Exception {
    String request = "GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    try (RunningServer server = RunningServer.start(ThreadMode.PLATFORM, handler)) {
      byte[] answer;
      try (Socket socket = new Socket(server.address.getAddress(), server.address.getPort())) {
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(received);
        answer = received.toByteArray();
      }

      assertThat(new String(answer, StandardCharsets.US_ASCII))
          .startsWith("HTTP/1.1 200")
          .endsWith("hello\n");
      assertThat(Eventually.holds(SLACK, () -> server.stats().activeConnections() == 0)).isTrue();
      assertThat(server.stats().bytesReceived()).isEqualTo(request.length());
      assertThat(server.stats().bytesSent()).isEqualTo(answer.length);
    }
  }

  @Test
  void a_head_that_misses_its_deadline_counts_as_a_header_timeout() throws Exception {
    try (RunningServer server =
            RunningServer.start(ThreadMode.PLATFORM, handler, b -> b.headerTimeout(SHORT));
        RawClient client = server.connect()) {
      client.send("GET /hello HTTP/1.1\r\nHost: t\r\n");

      assertThat(client.read().status()).isEqualTo(408);
      assertThat(Eventually.holds(SLACK, () -> server.stats().headerTimeouts() == 1)).isTrue();
      assertThat(
              server.stats().bodyTimeouts()
                  + server.stats().idleTimeouts()
                  + server.stats().writeTimeouts())
          .isZero();
    }
  }

  @Test
  void a_body_that_stops_counts_as_a_body_timeout() throws Exception {
    try (RunningServer server =
            RunningServer.start(ThreadMode.PLATFORM, handler, b -> b.bodyTimeout(SHORT));
        RawClient client = server.connect()) {
      client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n123");

      assertThat(client.closedByServer(SLACK)).isTrue();
      assertThat(Eventually.holds(SLACK, () -> server.stats().bodyTimeouts() == 1)).isTrue();
      assertThat(server.stats().headerTimeouts()).isZero();
    }
  }

  @Test
  void an_idle_keep_alive_connection_counts_as_an_idle_timeout() throws Exception {
    try (RunningServer server =
            RunningServer.start(ThreadMode.PLATFORM, handler, b -> b.idleTimeout(SHORT));
        RawClient client = server.connect()) {
      assertThat(client.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);

      assertThat(client.closedByServer(SLACK)).isTrue();
      assertThat(Eventually.holds(SLACK, () -> server.stats().idleTimeouts() == 1)).isTrue();
      assertThat(server.stats().headerTimeouts()).isZero();
    }
  }

  @Test
  @SuppressWarnings("try") // the resource is the point: it is held open, not used
  void a_client_that_stops_reading_counts_as_a_write_timeout() throws Exception {
    try (LogCapture ignored = new LogCapture();
        RunningServer server =
            RunningServer.start(ThreadMode.PLATFORM, handler, b -> b.writeTimeout(SHORT));
        RawClient stalled = new RawClient(server.address, 16 * 1024)) {
      stalled.send(RawClient.get("/bytes/" + (64L << 20))); // and never read

      assertThat(Eventually.holds(SLACK, () -> server.stats().writeTimeouts() == 1)).isTrue();
      assertThat(server.stats().bytesSent())
          .as("what the kernel took before it filled up")
          .isPositive();
    }
  }
}
