package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The minimum body rate, on platform and on virtual threads: a body must keep arriving at the
 * minimum rate on average once the body timeout's worth of grace is spent, however regularly its
 * bytes come; one that does is never cut off, however long it takes; and only the time the server
 * spends waiting for the client counts, never the time it spends elsewhere.
 */
class BodyRateIT {

  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final Duration SLACK = Duration.ofSeconds(4);
  private final TinyHttpHandler handler = new TinyHttpHandler();

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_body_trickling_below_the_minimum_rate_is_cut_off_once_its_grace_is_spent(ThreadMode mode)
      throws Exception {
    try (RunningServer server = RunningServer.start(mode, handler, b -> b.bodyTimeout(GRACE));
        RawClient client = server.connect()) {
      client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n");
      long start = System.nanoTime();
      AtomicBoolean stop = new AtomicBoolean();
      Thread dribbler =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (!stop.get()) {
                        Thread.sleep(250); // 4 bytes a second: never a pause near the body timeout
                        client.send("x");
                      }
                    } catch (Exception e) {
                      // cut off: the server closed the connection
                    }
                  });
      try {
        assertThat(client.closedByServer(GRACE.plus(SLACK))).as("cut off for its rate").isTrue();
      } finally {
        stop.set(true);
        dribbler.join();
      }

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(GRACE);
      assertThat(handler.failedBodies).hasValue(1);
      assertThat(server.stats().bodyTimeouts()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_body_that_keeps_the_minimum_rate_is_never_cut_off_however_long_it_takes(ThreadMode mode)
      throws Exception {
    try (RunningServer server = RunningServer.start(mode, handler, b -> b.bodyTimeout(GRACE));
        RawClient client = server.connect()) {
      client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 3000\r\n\r\n");
      for (int i = 0; i < 30; i++) {
        Thread.sleep(100); // 1,000 bytes a second, twice the default minimum, for three graces
        client.send("y".repeat(100));
      }

      assertThat(client.readResponse().text()).isEqualTo("3000\n");
      assertThat(server.stats().bodyTimeouts()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void time_the_server_spends_away_from_the_body_is_never_charged_to_the_client(ThreadMode mode)
      throws Exception {
    try (RunningServer server = RunningServer.start(mode, handler, b -> b.bodyTimeout(GRACE));
        RawClient client = server.connect()) {
      // the whole body at once; the handler takes 300 ms per KiB (a slow disk): 2.4 s in all
      client.send(
          "POST /slow-reader/300 HTTP/1.1\r\nHost: t\r\nContent-Length: 8192\r\n\r\n"
              + "z".repeat(8192));

      assertThat(client.readResponse().text()).isEqualTo("8192\n");
      assertThat(server.stats().bodyTimeouts()).isZero();
    }
  }
}
