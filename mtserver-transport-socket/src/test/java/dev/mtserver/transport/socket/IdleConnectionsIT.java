package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.threads.ThreadSource;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With {@code --threads virtual} and its default ceiling, 2,000 idle keep-alive connections stay
 * open while other clients are served (the benchmark's scaling test, ADR 0045): none of them is
 * closed to make room and none of the busy clients is refused. (With platform threads and their
 * 1024 permits, idle connections are closed for newcomers instead: {@link OverloadIT}.)
 */
class IdleConnectionsIT {

  private static final int IDLE = 2_000;

  @Test
  void with_virtual_threads_two_thousand_idle_connections_stay_open_while_others_are_served()
      throws Exception {
    // Virtual threads with their default ceiling; the timeouts are long enough for a slow machine.
    TransportConfig config =
        TransportConfig.builder(InetAddress.getLoopbackAddress())
            .port(0)
            .threadMode(ThreadMode.VIRTUAL)
            .idleTimeout(Duration.ofSeconds(60))
            .shutdownGrace(Duration.ofSeconds(2))
            .closeLinger(Duration.ofMillis(500))
            .build();
    assertThat(config.threadMode()).isEqualTo(ThreadMode.VIRTUAL);
    assertThat(config.maxConnections()).isGreaterThan(IDLE + 64);
    TinyHttpHandler handler = new TinyHttpHandler();
    List<RawClient> idle = new ArrayList<>(IDLE);
    try (RunningServer server =
        RunningServer.start(config, new SocketServer(config, handler, new ThreadSource()))) {
      try {
        for (int i = 0; i < IDLE; i++) {
          RawClient client = server.connect();
          idle.add(client);
          assertThat(client.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
        }

        // Busy clients: new connections, several requests each, while the 2,000 wait.
        for (int c = 0; c < 64; c++) {
          try (RawClient busy = server.connect()) {
            for (int r = 0; r < 5; r++) {
              assertThat(busy.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
            }
          }
        }

        TransportStats stats = server.stats();
        assertThat(stats.idleClosedForRoom()).isZero();
        assertThat(stats.refusedConnections()).isZero();
        assertThat(
                Eventually.holds(
                    Duration.ofSeconds(10), () -> server.stats().activeConnections() == IDLE))
            .isTrue();
        // Every idle connection is still open and still served.
        for (RawClient client : idle) {
          assertThat(client.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
        }
        assertThat(server.stats().acceptedConnections()).isEqualTo(IDLE + 64);
      } finally {
        for (RawClient client : idle) {
          client.close();
        }
      }
    }
  }
}
