package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.socket.RawClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The semaphore bounds the workers. When they are all taken, idle keep-alive connections make room
 * for new ones (a new connection only once it has been silent past its grace: its request may be on
 * its way); when none is idle, new connections wait briefly in the backlog, then get 503.
 */
class OverloadIT {

  private static final int MAX = 4;
  private final TinyHttpHandler handler = new TinyHttpHandler();

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void when_every_worker_is_busy_new_clients_wait_briefly_then_get_503_with_retry_after(
      ThreadMode mode) throws Exception {
    try (RunningServer server =
        RunningServer.start(
            mode, handler, b -> b.maxConnections(MAX).overloadWait(Duration.ofMillis(300)))) {
      List<RawClient> busy = new ArrayList<>();
      for (int i = 0; i < MAX; i++) {
        busy.add(server.connect().send(RawClient.get("/slow")));
      }
      assertThat(handler.slowArrived.tryAcquire(MAX, 10, TimeUnit.SECONDS)).isTrue();

      List<Response> refusals = new ArrayList<>();
      for (int i = 0; i < MAX; i++) {
        try (RawClient extra = server.connect()) {
          refusals.add(extra.send(RawClient.get("/hello")).readResponse());
          assertThat(extra.closedByServer(Duration.ofSeconds(5))).isTrue();
        }
      }

      assertThat(refusals)
          .allSatisfy(
              r -> {
                assertThat(r.status()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("1");
                assertThat(r.header("Connection")).isEqualTo("close");
              });
      assertThat(server.stats().refusedConnections()).isEqualTo(MAX);
      assertThat(server.stats().peakConnections()).isEqualTo(MAX);

      handler.releaseSlow.countDown();
      for (RawClient client : busy) {
        assertThat(client.readResponse().status()).isEqualTo(200);
        client.close();
      }
      assertThat(
              Eventually.holds(
                  Duration.ofSeconds(10), () -> server.stats().activeConnections() == 0))
          .isTrue();
      try (RawClient after = server.connect()) {
        assertThat(after.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void when_idle_keep_alive_connections_hold_every_worker_the_longest_idle_makes_room(
      ThreadMode mode) throws Exception {
    try (RunningServer server =
        RunningServer.start(
            mode,
            handler,
            b ->
                b.maxConnections(MAX)
                    .idleTimeout(Duration.ofSeconds(60))
                    .overloadWait(Duration.ofSeconds(2)))) {
      List<RawClient> idle = new ArrayList<>();
      for (int i = 0; i < MAX; i++) {
        RawClient client = server.connect();
        assertThat(client.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
        idle.add(client); // answered and kept alive: its worker now waits for a next request
        Thread.sleep(20); // so that the first one has waited longest
      }

      try (RawClient newcomer = server.connect()) {
        assertThat(newcomer.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      }

      assertThat(idle.get(0).closedByServer(Duration.ofSeconds(5))).isTrue();
      for (RawClient client : idle.subList(1, MAX)) {
        assertThat(client.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      }
      assertThat(server.stats().idleClosedForRoom()).isEqualTo(1);
      assertThat(server.stats().refusedConnections()).isZero();
      assertThat(server.stats().peakConnections()).isEqualTo(MAX);
      for (RawClient client : idle) {
        client.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_new_connection_whose_request_comes_a_moment_later_is_not_closed_to_make_room(
      ThreadMode mode) throws Exception {
    try (RunningServer server =
        RunningServer.start(
            mode, handler, b -> b.maxConnections(1).overloadWait(Duration.ofSeconds(5)))) {
      try (RawClient early = server.connect()) {
        Thread.sleep(100); // its worker now waits for its first request
        try (RawClient newcomer = server.connect()) {
          newcomer.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
          Thread.sleep(100); // the newcomer waits for a worker
          early.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

          assertThat(early.readResponse().status()).isEqualTo(200);
          assertThat(newcomer.readResponse().status()).as("served once early left").isEqualTo(200);
        }
      }
      assertThat(server.stats().idleClosedForRoom()).isZero();
      assertThat(server.stats().refusedConnections()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_new_connection_still_silent_after_its_grace_makes_room_like_an_idle_one(ThreadMode mode)
      throws Exception {
    try (RunningServer server =
        RunningServer.start(
            mode, handler, b -> b.maxConnections(1).overloadWait(Duration.ofSeconds(5)))) {
      try (RawClient silent = server.connect()) {
        Thread.sleep(
            Duration.ofNanos(ReadDeadline.FIRST_REQUEST_GRACE_NANOS).plusMillis(300).toMillis());
        long start = System.nanoTime();
        try (RawClient newcomer = server.connect()) {
          assertThat(newcomer.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("served at once, not after the overload wait")
            .isLessThan(Duration.ofSeconds(4));
        assertThat(silent.closedByServer(Duration.ofSeconds(5))).isTrue();
      }
      assertThat(server.stats().idleClosedForRoom()).isEqualTo(1);
      assertThat(server.stats().refusedConnections()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_client_waiting_in_the_backlog_is_served_when_a_worker_frees_up_within_the_wait(
      ThreadMode mode) throws Exception {
    try (RunningServer server =
        RunningServer.start(
            mode, handler, b -> b.maxConnections(1).overloadWait(Duration.ofSeconds(10)))) {
      RawClient holder = server.connect().send(RawClient.get("/slow"));
      assertThat(handler.slowArrived.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

      try (RawClient waiting = server.connect()) {
        waiting.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        Thread.sleep(200); // it waits in the backlog: no worker is free
        assertThat(server.stats().acceptedConnections()).isEqualTo(1);

        handler.releaseSlow.countDown();
        holder.readResponse();
        holder.close(); // the holder leaves; its worker's permit goes to the waiting client

        assertThat(waiting.readResponse().status()).isEqualTo(200);
      }
      assertThat(server.stats().refusedConnections()).isZero();
      assertThat(server.stats().peakConnections()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void under_twice_the_load_the_bound_holds_everyone_gets_an_answer_and_refusals_are_counted(
      ThreadMode mode) throws Exception {
    int clients = 2 * MAX;
    try (RunningServer server =
            RunningServer.start(
                mode, handler, b -> b.maxConnections(MAX).overloadWait(Duration.ofMillis(200)));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        statuses.add(
            pool.submit(
                () -> {
                  try (RawClient client = server.connect()) {
                    // each request holds its worker far longer than the overload wait
                    return client
                        .send("GET /sleep/2500 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                        .readResponse()
                        .status();
                  }
                }));
      }
      List<Integer> seen = new ArrayList<>();
      for (Future<Integer> status : statuses) {
        seen.add(status.get(30, TimeUnit.SECONDS)); // nobody hangs
      }

      assertThat(seen).isSubsetOf(200, 503);
      long refused = seen.stream().filter(s -> s == 503).count();
      assertThat(refused).isPositive();
      assertThat(seen).filteredOn(s -> s == 200).hasSizeGreaterThanOrEqualTo(MAX);
      assertThat(server.stats().refusedConnections()).isEqualTo(refused);
      assertThat(server.stats().peakConnections()).isEqualTo(MAX);
      assertThat(server.stats().acceptedConnections() + refused).isEqualTo(clients);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_client_refused_while_still_sending_its_request_reads_the_503_not_a_reset(ThreadMode mode)
      throws Exception {
    int bodyBytes = 2 << 20;
    try (RunningServer server =
        RunningServer.start(
            mode,
            handler,
            b ->
                b.maxConnections(1)
                    .overloadWait(Duration.ZERO)
                    .closeLinger(Duration.ofSeconds(5)))) {
      RawClient holder = server.connect().send(RawClient.get("/slow"));
      assertThat(handler.slowArrived.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

      try (RawClient shed = server.connect()) {
        shed.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: " + bodyBytes + "\r\n\r\n");
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < bodyBytes; sent += chunk.length) {
          shed.output().write(chunk); // a reset from the server fails this write
          Thread.sleep(10); // a client still sending while its 503 is already on its way
        }
        Response refusal = shed.readResponse();

        assertThat(refusal.status()).isEqualTo(503);
        assertThat(refusal.header("Retry-After")).isNotNull();
        assertThat(shed.closedByServer(Duration.ofSeconds(5))).isTrue();
      }
      handler.releaseSlow.countDown();
      assertThat(holder.readResponse().status()).isEqualTo(200);
      holder.close();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void
      while_every_worker_is_busy_the_engines_overload_path_answers_each_newcomer_under_short_deadlines(
          ThreadMode mode) throws Exception {
    handler.answersWhileOverloaded = true;
    try (RunningServer server =
        RunningServer.start(
            mode,
            handler,
            b ->
                b.maxConnections(1)
                    .overloadWait(Duration.ofMillis(200))
                    .idleTimeout(Duration.ofSeconds(30)))) {
      RawClient holder = server.connect().send(RawClient.get("/slow"));
      assertThat(handler.slowArrived.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

      try (RawClient operator = server.connect()) {
        Response health = operator.send(RawClient.get("/healthz")).readResponse();
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).isEqualTo("ok while overloaded\n");
        assertThat(operator.closedByServer(Duration.ofSeconds(5))).isTrue();
      }
      try (RawClient visitor = server.connect()) {
        Response busy = visitor.send(RawClient.get("/hello")).readResponse();
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.header("Retry-After")).isEqualTo("1");
      }
      try (RawClient silent = server.connect()) { // sends nothing: not kept past the short deadline
        long start = System.nanoTime();
        assertThat(silent.closedByServer(Refusal.DEADLINE.plus(Duration.ofSeconds(5)))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isLessThan(Refusal.DEADLINE.plus(Duration.ofSeconds(4)));
      }
      assertThat(server.stats().refusedConnections()).isEqualTo(3);
      assertThat(server.stats().activeConnections()).isEqualTo(1);

      handler.releaseSlow.countDown();
      assertThat(holder.readResponse().status()).isEqualTo(200);
      holder.close();
    }
  }
}
