package dev.mtserver.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.transport.socket.ThreadMode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow bodies taking every worker (issue 13, finding 6): form posts that send one byte every half
 * second hold all the permits. Meanwhile an operator still gets {@code /healthz} and {@code
 * /metrics}, a visitor gets a prompt 503 with {@code Retry-After}; the slow bodies are cut off once
 * they fall behind the minimum body rate (the default, 500 bytes a second, after the body timeout's
 * grace), and then the site is served again.
 */
class SaturatedServerIT {

  private static final int WORKERS = 4;
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(6);
  private static final Duration SLACK = Duration.ofSeconds(5);

  @TempDir Path dir;

  /** How a slow body ended: the status it was answered with (-1: none), and after how long. */
  record Ended(int status, Duration after) {}

  @Test
  void slow_bodies_holding_every_worker_are_cut_off_for_their_rate_while_health_and_metrics_answer()
      throws Exception {
    ServerSettings settings =
        ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")).toBuilder()
            .transport(
                t ->
                    t.threadMode(ThreadMode.PLATFORM)
                        .maxConnections(WORKERS)
                        .backlog(511)
                        .headerTimeout(Duration.ofSeconds(10))
                        .bodyTimeout(BODY_TIMEOUT)
                        .idleTimeout(Duration.ofSeconds(15))
                        .writeTimeout(Duration.ofSeconds(30))
                        .shutdownGrace(Duration.ofSeconds(2)))
            .build();
    try (MtServer server = MtServer.start(settings);
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Ended>> slowBodies = new ArrayList<>();
      for (int i = 0; i < WORKERS; i++) {
        slowBodies.add(clients.submit(() -> slowBody(server)));
      }
      assertThat(
              Eventually.within(
                  SLACK,
                  () ->
                      server.stats().requests() == WORKERS
                          && server.stats().activeConnections() == WORKERS))
          .as("every worker taken")
          .isTrue();

      Future<RawHttpClient.Response> health = clients.submit(() -> get(server, "/healthz"));
      Future<RawHttpClient.Response> metrics = clients.submit(() -> get(server, "/metrics"));
      Future<RawHttpClient.Response> page = clients.submit(() -> get(server, "/index.html"));

      assertThat(health.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(health.get().bodyText()).isEqualTo("ok\n");
      assertThat(metrics.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(metrics.get().bodyText()).contains("mtserver_connections_active " + WORKERS);
      assertThat(page.get(10, TimeUnit.SECONDS).status()).isEqualTo(503);
      assertThat(page.get().header("Retry-After")).isPresent();
      assertThat(server.stats().activeConnections())
          .as("the slow bodies still hold every worker")
          .isEqualTo(WORKERS);

      for (Future<Ended> slowBody : slowBodies) {
        Ended ended = slowBody.get(BODY_TIMEOUT.plus(SLACK).toSeconds() + 10, TimeUnit.SECONDS);
        assertThat(ended.status()).as("answered 408 or dropped").isIn(408, -1);
        assertThat(ended.after())
            .isGreaterThanOrEqualTo(BODY_TIMEOUT)
            .isLessThan(BODY_TIMEOUT.plus(SLACK));
      }
      assertThat(server.stats().bodyTimeouts()).isEqualTo(WORKERS);
      Eventually.within(SLACK, () -> assertThat(getQuietly(server, "/index.html")).isEqualTo(200));
    }
  }

  /** A form post whose body comes one byte every half second, until the server ends it. */
  private static Ended slowBody(MtServer server) throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address(), Duration.ofMillis(500))) {
      client.send(Forms.post("/index.html", Forms.URLENCODED, 100_000));
      long start = System.nanoTime();
      client.send("a=");
      while (true) {
        try {
          RawHttpClient.Response answer = client.readPossiblyCutResponse();
          return new Ended(answer.status(), Duration.ofNanos(System.nanoTime() - start));
        } catch (java.net.SocketTimeoutException e) {
          // nothing yet: one more byte
        } catch (IOException e) {
          return new Ended(-1, Duration.ofNanos(System.nanoTime() - start));
        }
        try {
          client.send("b");
        } catch (IOException e) {
          return new Ended(-1, Duration.ofNanos(System.nanoTime() - start));
        }
        if (System.nanoTime() - start > Duration.ofSeconds(60).toNanos()) {
          return new Ended(0, Duration.ofSeconds(60)); // never cut off
        }
      }
    }
  }

  private static RawHttpClient.Response get(MtServer server, String path) throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address(), Duration.ofSeconds(8))) {
      return client.send(RawHttpClient.get(path)).readResponse();
    }
  }

  private static int getQuietly(MtServer server, String path) {
    try {
      return get(server, path).status();
    } catch (IOException e) {
      return -1;
    }
  }
}
