package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.socket.RawClient.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each timeout, on platform and on virtual threads. Bounds are generous ("well after the deadline,
 * well before forever"): the machine running the tests is shared and noisy.
 */
class TimeoutsIT {

  private static final Duration SLACK = Duration.ofSeconds(4);
  private final TinyHttpHandler handler = new TinyHttpHandler();

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_head_dribbled_byte_by_byte_is_cut_off_at_the_head_deadline_with_408(ThreadMode mode)
      throws Exception {
    Duration deadline = Duration.ofMillis(800);
    try (RunningServer server = RunningServer.start(mode, handler, b -> b.headerTimeout(deadline));
        RawClient slow = server.connect()) {
      long start = System.nanoTime();
      String head = "GET /hello HTTP/1.1\r\nHost: t\r\nX-Padding: " + "a".repeat(200);
      Response response;
      try {
        for (int i = 0; i < head.length(); i++) {
          slow.send(
              String.valueOf(head.charAt(i))); // each byte arrives well within any per-read timeout
          Thread.sleep(50);
          if (System.nanoTime() - start > deadline.plus(SLACK).toNanos()) {
            break;
          }
        }
      } catch (IOException closedWhileSending) {
        // the server closed on us: its 408 is waiting in our receive buffer
      }
      response = slow.read();
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(response).isNotNull();
      assertThat(response.status()).isEqualTo(408);
      assertThat(took).isGreaterThanOrEqualTo(deadline).isLessThan(deadline.plus(SLACK));
      assertThat(slow.closedByServer(SLACK)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void dozens_of_slowloris_sockets_do_not_delay_a_normal_client(ThreadMode mode) throws Exception {
    int dribblers = 40;
    Duration deadline = Duration.ofSeconds(4);
    try (RunningServer server = RunningServer.start(mode, handler, b -> b.headerTimeout(deadline));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      AtomicBoolean anyCutOff = new AtomicBoolean();
      CountDownLatch allConnected = new CountDownLatch(dribblers);
      CountDownLatch dribbling = new CountDownLatch(dribblers);
      List<Future<Integer>> slowlorises = new ArrayList<>();
      for (int i = 0; i < dribblers; i++) {
        slowlorises.add(
            pool.submit(
                () -> {
                  try (RawClient slow = server.connect()) {
                    allConnected.countDown();
                    allConnected
                        .await(); // the head deadlines all start together, after the slow ramp-up
                    try {
                      slow.send("GET / HTTP/1.1\r\n");
                      dribbling.countDown();
                      for (int n = 0; n < 1000; n++) {
                        slow.send("X-" + n + ": y\r\n");
                        Thread.sleep(300);
                      }
                    } catch (IOException cutOff) {
                      // expected: the head deadline passed
                    }
                    anyCutOff.set(true);
                    Response response = slow.read();
                    return response == null ? -1 : response.status();
                  }
                }));
      }
      assertThat(dribbling.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(
              Eventually.holds(
                  Duration.ofSeconds(10), () -> server.stats().activeConnections() == dribblers))
          .isTrue();

      try (RawClient normal = server.connect()) {
        for (int i = 0; i < 10; i++) {
          assertThat(normal.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
        }
      }
      // all ten answers came while every dribbler was still hanging on: nobody waited for them
      assertThat(anyCutOff).isFalse();

      for (Future<Integer> status : slowlorises) {
        assertThat(status.get(30, TimeUnit.SECONDS)).isIn(408, -1);
      }
      assertThat(Eventually.holds(SLACK, () -> server.stats().activeConnections() == 0)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_body_that_stops_arriving_fails_its_read_after_the_body_timeout(ThreadMode mode)
      throws Exception {
    Duration timeout = Duration.ofMillis(700);
    try (RunningServer server = RunningServer.start(mode, handler, b -> b.bodyTimeout(timeout));
        RawClient client = server.connect()) {
      long start = System.nanoTime();
      client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n123");

      assertThat(client.closedByServer(timeout.plus(SLACK))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(timeout);
      assertThat(handler.failedBodies).hasValue(1);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_slow_but_steady_body_is_not_cut_off_by_the_body_timeout(ThreadMode mode) throws Exception {
    Duration timeout = Duration.ofSeconds(2);
    // the timeout alone: three bytes a second are far below the default minimum rate (BodyRateIT)
    try (RunningServer server =
            RunningServer.start(mode, handler, b -> b.bodyTimeout(timeout).bodyMinRate(0));
        RawClient client = server.connect()) {
      client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 8\r\n\r\n");
      for (int i = 0; i < 8; i++) {
        Thread.sleep(300); // eight pauses, each far inside the timeout, longer than it in total
        client.send("x");
      }

      assertThat(client.readResponse().text()).isEqualTo("8\n");
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void an_idle_keep_alive_connection_is_closed_after_the_idle_timeout(ThreadMode mode)
      throws Exception {
    Duration idle = Duration.ofMillis(700);
    try (RunningServer server = RunningServer.start(mode, handler, b -> b.idleTimeout(idle));
        RawClient client = server.connect()) {
      assertThat(client.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      long start = System.nanoTime();

      assertThat(client.closedByServer(idle.plus(SLACK))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(idle.minusMillis(50));
      assertThat(Eventually.holds(SLACK, () -> server.stats().activeConnections() == 0)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_client_that_stops_reading_is_cut_off_by_the_write_deadline_and_frees_its_worker(
      ThreadMode mode) throws Exception {
    Duration writeTimeout = Duration.ofMillis(700);
    try (LogCapture logs = new LogCapture();
        RunningServer server =
            RunningServer.start(
                mode,
                handler,
                b ->
                    b.writeTimeout(writeTimeout)
                        .maxConnections(1)
                        .overloadWait(Duration.ofSeconds(30)));
        RawClient stalled = new RawClient(server.address, 16 * 1024)) {
      stalled.send(RawClient.get("/bytes/" + (256L << 20))); // 256 MiB, and we never read

      // the only worker is freed: the next client gets its answer
      try (RawClient next = server.connect()) {
        assertThat(next.send(RawClient.get("/hello")).readResponse().status()).isEqualTo(200);
      }
      assertThat(logs.containing("made no progress for 700ms"))
          .singleElement()
          .asString()
          .contains(String.valueOf(stalled.socket.getLocalPort()));
      assertThat(stalled.closedByServer(SLACK)).isTrue();
    }
  }

  /**
   * The same for a file body, sent with {@code sendfile}: on a quiet server's virtual thread the
   * wait for room happens in the kernel ({@link QuietWait#awaitRoom}), which the watchdog's close
   * does not wake; the wait looks again and ends.
   */
  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_client_that_stops_reading_a_file_is_cut_off_by_the_write_deadline(
      ThreadMode mode, @TempDir Path dir) throws Exception {
    handler.file = Files.write(dir.resolve("large.bin"), new byte[32 << 20]);
    Duration writeTimeout = Duration.ofMillis(700);
    try (LogCapture logs = new LogCapture();
        RunningServer server =
            RunningServer.start(mode, handler, b -> b.writeTimeout(writeTimeout));
        RawClient stalled = new RawClient(server.address, 16 * 1024)) {
      stalled.send(RawClient.get("/file/0/" + (32 << 20))); // and we do not read

      assertThat(Eventually.holds(SLACK, () -> !logs.containing("made no progress").isEmpty()))
          .isTrue();
      assertThat(logs.containing("made no progress for 700ms"))
          .singleElement()
          .asString()
          .contains(String.valueOf(stalled.socket.getLocalPort()));
      assertThat(stalled.closedByServer(SLACK)).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_slow_but_steady_reader_is_not_cut_off_by_the_write_deadline(ThreadMode mode)
      throws Exception {
    // A blocked write wakes when a third of the server's send buffer (up to 4 MiB) has drained, so
    // "progress" comes in steps of about 1.4 MiB: this reader delivers one in a fraction of a
    // second.
    Duration writeTimeout = Duration.ofSeconds(3);
    int size = 24 << 20; // several times what the socket buffers hold: the server must wait for us
    try (RunningServer server =
            RunningServer.start(mode, handler, b -> b.writeTimeout(writeTimeout));
        RawClient reader = new RawClient(server.address, 256 * 1024)) {
      reader.send(RawClient.get("/bytes/" + size));
      long start = System.nanoTime();
      InputStream in = reader.socket.getInputStream();
      byte[] chunk = new byte[64 * 1024];
      long received = 0;
      int n;
      while (received < size && (n = in.read(chunk)) > 0) {
        received += n;
        Thread.sleep(10); // steady, never stalled: at most 6.4 MiB/s, so about 4 s or more in all
      }

      assertThat(received)
          .isGreaterThanOrEqualTo(size); // (the head's bytes stand in for the body's last few)
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(writeTimeout);
    }
  }
}
