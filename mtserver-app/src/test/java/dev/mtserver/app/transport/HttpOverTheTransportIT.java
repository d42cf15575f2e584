package dev.mtserver.app.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.transport.socket.ThreadMode;
import dev.mtserver.transport.socket.TransportConfig;
import dev.mtserver.transport.socket.TransportStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real HTTP engine over the socket transport, in process, with short timeouts. */
class HttpOverTheTransportIT {

  private static final Duration SLACK = Duration.ofSeconds(4);

  /** How long a raw client waits for each read: a server that hangs fails the test. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private static final Duration SHORT = Duration.ofMillis(800);

  @TempDir Path dir;

  private MtServer start(ThreadMode mode, UnaryOperator<TransportConfig.Builder> connections)
      throws IOException {
    ServerSettings settings =
        ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")).toBuilder()
            .transport(t -> connections.apply(t.threadMode(mode).maxConnections(64)))
            .build();
    return MtServer.start(settings);
  }

  private static TransportConfig.Builder shortTimeouts(TransportConfig.Builder t) {
    return t.backlog(64)
        .headerTimeout(SHORT)
        .bodyTimeout(SHORT)
        .idleTimeout(SHORT)
        .writeTimeout(SHORT)
        .shutdownGrace(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void pipelined_requests_on_one_socket_are_answered_in_order_and_the_socket_stays_open(
      ThreadMode mode) throws Exception {
    try (MtServer server = start(mode, UnaryOperator.identity());
        RawHttpClient client = RawHttpClient.connect(server.address(), READ_TIMEOUT)) {
      client.send(
          RawHttpClient.get("/style.css")
              + RawHttpClient.get("/no-such-page")
              + RawHttpClient.get("/index.html"));

      RawHttpClient.Response css = client.readResponse();
      RawHttpClient.Response missing = client.readResponse();
      RawHttpClient.Response index = client.readResponse();
      RawHttpClient.Response again = client.send(RawHttpClient.get("/style.css")).readResponse();

      assertThat(css.status()).isEqualTo(200);
      assertThat(css.bodyText()).isEqualTo(Files.readString(dir.resolve("public/style.css")));
      assertThat(missing.status()).isEqualTo(404);
      assertThat(index.bodyText()).isEqualTo(Files.readString(dir.resolve("public/index.html")));
      assertThat(again.status()).isEqualTo(200);
      assertThat(server.stats().acceptedConnections()).isEqualTo(1);
      assertThat(server.stats().requests()).isEqualTo(4);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_head_dribbled_past_the_header_timeout_gets_408(ThreadMode mode) throws Exception {
    try (MtServer server = start(mode, HttpOverTheTransportIT::shortTimeouts);
        RawHttpClient client = RawHttpClient.connect(server.address(), READ_TIMEOUT)) {
      long start = System.nanoTime();
      try {
        client.send("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 100 && System.nanoTime() - start < SHORT.plus(SLACK).toNanos(); i++) {
          client.send("X-" + i + ": y\r\n");
          Thread.sleep(100);
        }
      } catch (IOException cutOff) {
        // the server closed while we were still sending; its answer is in our buffer
      }
      RawHttpClient.Response response = client.readResponse();

      assertThat(response.status()).isEqualTo(408);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(SHORT)
          .isLessThan(SHORT.plus(SLACK));
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(ThreadMode mode)
      throws Exception {
    try (MtServer server = start(mode, HttpOverTheTransportIT::shortTimeouts);
        RawHttpClient client = RawHttpClient.connect(server.address(), READ_TIMEOUT)) {
      assertThat(client.send(RawHttpClient.get("/style.css")).readResponse().status())
          .isEqualTo(200);

      assertThat(client.closedByServer(SHORT.plus(SLACK))).isTrue();
      long until = System.nanoTime() + SLACK.toNanos();
      while (server.stats().activeConnections() > 0 && System.nanoTime() < until) {
        Thread.sleep(10); // the worker returns its permit just after the close we saw
      }
      assertThat(server.stats().activeConnections()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void shutdown_lets_a_half_received_request_finish_with_connection_close(ThreadMode mode)
      throws Exception {
    MtServer server = start(mode, UnaryOperator.identity());
    try (RawHttpClient idle = RawHttpClient.connect(server.address(), READ_TIMEOUT);
        RawHttpClient half = RawHttpClient.connect(server.address(), READ_TIMEOUT)) {
      assertThat(idle.send(RawHttpClient.get("/style.css")).readResponse().status()).isEqualTo(200);
      half.send("GET /style.css HTTP/1.1\r\nHo");
      long until = System.nanoTime() + SLACK.toNanos();
      while (server.stats().requests() < 2 && System.nanoTime() < until) {
        Thread.sleep(10); // until the server has the first bytes of the second request
      }

      CompletableFuture<TransportStats> stopping = CompletableFuture.supplyAsync(server::shutdown);
      assertThat(idle.closedByServer(SLACK)).isTrue();
      RawHttpClient.Response response = half.send("st: t\r\n\r\n").readResponse();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Connection")).contains("close");
      assertThat(half.closedByServer(SLACK)).isTrue();
      TransportStats stats = stopping.get(15, TimeUnit.SECONDS);
      assertThat(stats.requests()).isEqualTo(2);
      assertThat(stats.abortedConnections()).isZero();
    } finally {
      server.close();
    }
  }
}
