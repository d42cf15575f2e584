package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many clients at once, each with its own worker. */
class ConcurrencyIT {

  private static final int CLIENTS = 500;

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void five_hundred_concurrent_clients_are_all_served_each_by_its_own_worker(ThreadMode mode)
      throws Exception {
    TinyHttpHandler handler = new TinyHttpHandler();
    try (RunningServer server =
            RunningServer.start(
                mode, handler, b -> b.idleTimeout(java.time.Duration.ofSeconds(30)));
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch allConnected = new CountDownLatch(CLIENTS);
      CountDownLatch allAnswered = new CountDownLatch(CLIENTS);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        answers.add(
            clients.submit(
                () -> {
                  try (RawClient client = server.connect()) {
                    allConnected.countDown();
                    // every connection is open before any request is sent: 500 at once, for sure
                    if (!allConnected.await(60, TimeUnit.SECONDS)) {
                      throw new IllegalStateException("not every client connected");
                    }
                    RawClient.Response response =
                        client.send(RawClient.get("/thread")).readResponse();
                    allAnswered.countDown();
                    // and every connection stays open until all are answered: the server holds 500
                    // at once
                    if (!allAnswered.await(60, TimeUnit.SECONDS)) {
                      throw new IllegalStateException("not every client was answered");
                    }
                    return response.status() + " " + response.text();
                  }
                }));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> answer : answers) {
        results.add(answer.get(90, TimeUnit.SECONDS));
      }

      assertThat(results).allSatisfy(r -> assertThat(r).matches("200 mtserver-worker-\\d+"));
      assertThat(results.stream().distinct().count())
          .as("distinct worker threads")
          .isEqualTo(CLIENTS);
      assertThat(server.stats().peakConnections()).isEqualTo(CLIENTS);
      assertThat(server.stats().refusedConnections()).isZero();
    }
  }
}
