package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.socket.RawClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Persistent connections: one socket, one worker thread, many requests. */
class KeepAliveIT {

  private final TinyHttpHandler handler = new TinyHttpHandler();

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void requests_one_after_another_share_one_connection_and_one_named_worker_thread(ThreadMode mode)
      throws Exception {
    try (RunningServer server = RunningServer.start(mode, handler);
        RawClient client = server.connect()) {
      List<String> threads = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Response response = client.send(RawClient.get("/thread")).readResponse();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Connection")).isNull();
        threads.add(response.text());
      }

      assertThat(threads).containsOnly(threads.get(0));
      assertThat(threads.get(0)).matches("mtserver-worker-\\d+");
      assertThat(server.stats().acceptedConnections()).isEqualTo(1);
      assertThat(server.stats().requests()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void pipelined_requests_sent_in_one_write_are_answered_in_order(ThreadMode mode)
      throws Exception {
    try (RunningServer server = RunningServer.start(mode, handler);
        RawClient client = server.connect()) {
      client.send(RawClient.get("/hello") + RawClient.get("/thread") + RawClient.get("/missing"));

      assertThat(client.readResponse().text()).isEqualTo("hello\n");
      assertThat(client.readResponse().text()).startsWith("mtserver-worker-");
      assertThat(client.readResponse().status()).isEqualTo(404);
      assertThat(client.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void connection_close_ends_the_connection_after_its_response(ThreadMode mode) throws Exception {
    try (RunningServer server = RunningServer.start(mode, handler);
        RawClient client = server.connect()) {
      Response response =
          client.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").readResponse();

      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer(Duration.ofSeconds(5))).isTrue();
      assertThat(
              Eventually.holds(
                  Duration.ofSeconds(5), () -> server.stats().activeConnections() == 0))
          .isTrue();
    }
  }
}
