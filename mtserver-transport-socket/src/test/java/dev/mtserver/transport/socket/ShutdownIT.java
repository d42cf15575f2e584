package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.transport.socket.RawClient.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The graceful shutdown, through {@link SocketServer#shutdown()}: the very method the JVM shutdown
 * hook runs on SIGTERM and SIGINT.
 */
class ShutdownIT {

  private static final Duration PROMPTLY = Duration.ofSeconds(3);
  private final TinyHttpHandler handler = new TinyHttpHandler();

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void
      shutdown_refuses_new_connections_closes_idle_ones_and_lets_a_request_in_flight_finish_with_connection_close(
          ThreadMode mode) throws Exception {
    try (LogCapture logs = new LogCapture();
        RunningServer server =
            RunningServer.start(mode, handler, b -> b.shutdownGrace(Duration.ofSeconds(20)));
        RawClient idle = server.connect();
        RawClient inFlight = server.connect();
        RawClient halfHead = server.connect()) {
      assertThat(idle.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      inFlight.send(RawClient.get("/slow"));
      assertThat(handler.slowArrived.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      halfHead.send("GET /hello HTTP/1.1\r\nHo");
      assertThat(Eventually.holds(PROMPTLY, () -> server.stats().requests() == 3)).isTrue();

      CompletableFuture<TransportStats> stopped =
          CompletableFuture.supplyAsync(server.server::shutdown);

      assertThat(idle.closedByServer(PROMPTLY)).as("idle connection closed").isTrue();
      assertThat(Eventually.holds(PROMPTLY, () -> refusesConnections(server)))
          .as("listener closed")
          .isTrue();
      assertThat(stopped).isNotDone();

      Response late = halfHead.send("st: t\r\n\r\n").readResponse();
      assertThat(late.status()).isEqualTo(200);
      assertThat(late.header("Connection")).isEqualTo("close");

      handler.releaseSlow.countDown();
      Response finished = inFlight.readResponse();
      assertThat(finished.status()).isEqualTo(200);
      assertThat(finished.header("Connection")).isEqualTo("close");
      assertThat(inFlight.closedByServer(PROMPTLY)).isTrue();

      TransportStats stats = stopped.get(10, TimeUnit.SECONDS);
      assertThat(stats.requests()).isEqualTo(3);
      assertThat(stats.peakConnections()).isEqualTo(3);
      assertThat(stats.abortedConnections()).isZero();
      assertThat(stats.activeConnections()).isZero();
      assertThat(logs.containing("Stopped after"))
          .singleElement()
          .asString()
          .contains("3 requests on 3 connections, peak 3 connections at once");
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void after_the_grace_a_request_still_in_flight_is_cut_off_and_its_handler_cleans_up(
      ThreadMode mode) throws Exception {
    Duration grace = Duration.ofMillis(500);
    try (RunningServer server =
            RunningServer.start(
                mode, handler, b -> b.shutdownGrace(grace).bodyTimeout(Duration.ofSeconds(30)));
        RawClient uploader = server.connect()) {
      uploader.send(
          "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\nthe first bytes");
      assertThat(Eventually.holds(PROMPTLY, () -> server.stats().requests() == 1)).isTrue();

      long start = System.nanoTime();
      TransportStats stats = server.server.shutdown();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isGreaterThanOrEqualTo(grace).isLessThan(grace.plus(PROMPTLY));
      assertThat(stats.abortedConnections()).isEqualTo(1);
      assertThat(stats.activeConnections()).isZero();
      assertThat(handler.failedBodies)
          .hasValue(1); // the upload saw an IOException: it would delete its file
      assertThat(uploader.closedByServer(PROMPTLY)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void shutdown_with_nothing_in_flight_is_immediate_and_calling_it_again_returns_the_same_counters(
      ThreadMode mode) throws Exception {
    try (RunningServer server = RunningServer.start(mode, handler)) {
      try (RawClient client = server.connect()) {
        client.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").readResponse();
      }
      long start = System.nanoTime();
      TransportStats first = server.server.shutdown();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
      assertThat(server.server.shutdown()).isSameAs(first);
      assertThatThrownBy(server::connect).isInstanceOf(ConnectException.class);
    }
  }

  @SuppressWarnings("try") // the resource is the point: it is held open, not used
  private static boolean refusesConnections(RunningServer server) {
    try (RawClient probe = server.connect()) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
