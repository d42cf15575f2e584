package dev.mtserver.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.transport.socket.ThreadMode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slow-client defence: 200 connections dribble at once — slowloris heads, bodies that stall,
 * readers that stop reading — while a normal client asks for a page every second. Every one of the
 * normal client's requests is answered, and every dribbler is cut off by the deadline meant for it:
 * the head deadline, the body timeout, the write timeout (short here, as a test needs).
 */
class SlowClientsIT {

  private static final Logger log = LoggerFactory.getLogger(SlowClientsIT.class);

  private static final Duration HEADER_DEADLINE = Duration.ofSeconds(2);
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);

  /**
   * How late a cut-off may come on a shared, noisy machine: well after the deadline, well before
   * never.
   */
  private static final Duration SLACK = Duration.ofSeconds(3);

  private static final Duration DRIBBLE = Duration.ofMillis(400);

  private static final int SLOWLORIS = 80;
  private static final int SLOW_BODIES = 60;
  private static final int SLOW_READERS = 60;
  private static final int BIG_FILE = 8 << 20;

  @TempDir Path dir;

  /** How a dribbler ended: the status it was answered with (-1 for none), and when. */
  record CutOff(int status, Duration afterItsLastByte, long bytesReceived) {}

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void
      two_hundred_dribblers_are_cut_off_by_their_deadlines_while_a_normal_client_is_served_every_second(
          ThreadMode mode) throws Exception {
    Path root = dir.resolve("public");
    ServerSettings settings =
        ServerSettings.forRoot(root, dir.resolve("data"))
            // no minimum body rate: the stalled bodies dribble below it, and would be cut off by it
            // before their body timeout; the rate has its own tests (BodyRateIT, SaturatedServerIT)
            .toBuilder()
            .transport(
                t ->
                    t.threadMode(mode)
                        .backlog(511)
                        .headerTimeout(HEADER_DEADLINE)
                        .bodyTimeout(BODY_TIMEOUT)
                        .idleTimeout(Duration.ofSeconds(10))
                        .writeTimeout(WRITE_TIMEOUT)
                        .shutdownGrace(Duration.ofSeconds(2))
                        .bodyMinRate(0))
            .build();
    try (MtServer server = MtServer.start(settings);
        // The attackers run on platform threads: a real attacker is another process, never a
        // thread of the server's own scheduler. As virtual threads in this JVM they would share
        // the server's carrier threads (two on two cores), and a reader draining its cut-off
        // download never parks, so it keeps a carrier from the server's workers: that, not the
        // server, is what stalled this test's probes for 2 s with --threads virtual (ADR 0051).
        ExecutorService clients =
            Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
      Files.write(root.resolve("big.bin"), new byte[BIG_FILE]);

      List<Future<CutOff>> slowloris = new ArrayList<>();
      List<Future<CutOff>> slowBodies = new ArrayList<>();
      List<Future<CutOff>> slowReaders = new ArrayList<>();
      for (int i = 0; i < SLOWLORIS; i++) {
        slowloris.add(clients.submit(() -> slowloris(server)));
      }
      for (int i = 0; i < SLOW_BODIES; i++) {
        slowBodies.add(clients.submit(() -> slowBody(server)));
      }
      for (int i = 0; i < SLOW_READERS; i++) {
        slowReaders.add(clients.submit(() -> slowReader(server)));
      }
      List<Future<CutOff>> all = new ArrayList<>(slowloris);
      all.addAll(slowBodies);
      all.addAll(slowReaders);

      List<Duration> probes = new ArrayList<>();
      List<String> misses = new ArrayList<>();
      do { // a page every second, for as long as the attack lasts (and once more)
        long start = System.nanoTime();
        try {
          RawHttpClient.Response page = get(server, "/index.html");
          if (page.status() != 200 || !page.complete()) {
            misses.add("status " + page.status());
          }
        } catch (IOException e) {
          misses.add(e.toString());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        probes.add(took);
        Thread.sleep(Math.max(0, 1000 - took.toMillis()));
      } while (probes.size() < 5 || (!all.stream().allMatch(Future::isDone) && probes.size() < 30));

      log.info("Probes every second during the attack took {}", probes);
      assertThat(server.stats().peakConnections())
          .as("all dribblers were connected at once")
          .isGreaterThanOrEqualTo(SLOWLORIS + SLOW_BODIES + SLOW_READERS);
      assertThat(misses).as("missed probes (latencies %s)", probes).isEmpty();
      for (Future<CutOff> f : slowloris) {
        CutOff cut = f.get(10, TimeUnit.SECONDS);
        assertThat(cut.status()).as("a slowloris is answered 408 or dropped").isIn(408, -1);
        // it kept sending, so its last byte is when it was cut: the head deadline after its first
        assertThat(cut.afterItsLastByte()).isLessThan(DRIBBLE.plus(SLACK));
      }
      for (Future<CutOff> f : slowBodies) {
        CutOff cut = f.get(10, TimeUnit.SECONDS);
        assertThat(cut.status()).as("a stalled body is answered 408 or dropped").isIn(408, -1);
        assertThat(cut.afterItsLastByte())
            .isGreaterThanOrEqualTo(BODY_TIMEOUT)
            .isLessThan(BODY_TIMEOUT.plus(SLACK));
      }
      for (Future<CutOff> f : slowReaders) {
        CutOff cut = f.get(10, TimeUnit.SECONDS);
        assertThat(cut.bytesReceived())
            .as("a stalled reader gets the file cut short")
            .isLessThan(BIG_FILE);
      }
      assertThat(Eventually.within(SLACK, () -> server.stats().activeConnections() == 0)).isTrue();
    }
  }

  /**
   * Sends a request head one byte every {@link #DRIBBLE}, never finishing it; returns when the
   * server answers or closes. Each byte comes long before any per-read timeout: only a deadline for
   * the whole head can stop it.
   */
  private static CutOff slowloris(MtServer server) throws IOException, InterruptedException {
    byte[] head =
        "GET / HTTP/1.1\r\nHost: slow\r\nX-Slow: "
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (RawHttpClient client = RawHttpClient.connect(server.address(), SLACK.multipliedBy(4))) {
      long first = System.nanoTime();
      long last = first;
      int sent = 0;
      try {
        while (System.nanoTime() - first < HEADER_DEADLINE.plus(SLACK).multipliedBy(2).toNanos()) {
          client.send(new byte[] {sent < head.length ? head[sent] : (byte) 'z'});
          last = System.nanoTime();
          sent++;
          Thread.sleep(DRIBBLE);
          if (client.input().available() > 0) {
            break; // the server answered
          }
        }
      } catch (SocketException cutOff) {
        // the server closed on us: any answer is in our receive buffer
      }
      int status = statusOrNone(client);
      Duration sinceFirst = Duration.ofNanos(System.nanoTime() - first);
      assertThat(sinceFirst)
          .as("cut no earlier than the head deadline")
          .isGreaterThanOrEqualTo(HEADER_DEADLINE);
      return new CutOff(status, Duration.ofNanos(System.nanoTime() - last), 0);
    }
  }

  /** Sends a form post's head and a few bytes of its body, a byte at a time, then stalls. */
  private static CutOff slowBody(MtServer server) throws IOException, InterruptedException {
    try (RawHttpClient client = RawHttpClient.connect(server.address(), SLACK.multipliedBy(4))) {
      client.send(Forms.post("/form.html", Forms.URLENCODED, 1000));
      long last = System.nanoTime();
      for (byte b : "name=".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
        Thread.sleep(DRIBBLE);
        client.send(new byte[] {b});
        last = System.nanoTime();
      }
      int status = statusOrNone(client); // blocks until the server answers or closes
      return new CutOff(status, Duration.ofNanos(System.nanoTime() - last), 0);
    }
  }

  /**
   * Asks for a large file through a tiny receive window and reads a byte now and then: the server's
   * writes make no progress, so the write timeout cuts it off. Then it reads what is left and
   * counts it.
   */
  private static CutOff slowReader(MtServer server) throws IOException, InterruptedException {
    try (RawHttpClient client =
        RawHttpClient.connect(server.address(), SLACK.multipliedBy(4), 4096)) {
      client.send(RawHttpClient.get("/big.bin"));
      InputStream in = client.input();
      long start = System.nanoTime();
      long received = 0;
      while (System.nanoTime() - start < WRITE_TIMEOUT.plus(SLACK).toNanos()) {
        if (in.read() < 0) {
          return new CutOff(-1, Duration.ZERO, received);
        }
        received++;
        Thread.sleep(DRIBBLE);
      }
      byte[] buffer = new byte[64 * 1024];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          received += n;
        }
      } catch (SocketException reset) {
        // cut off with a reset: what arrived before it is all there is
      }
      return new CutOff(-1, Duration.ofNanos(System.nanoTime() - start), received);
    }
  }

  /** The status the server answered with, or -1 if it closed (or reset) without a word. */
  private static int statusOrNone(RawHttpClient client) throws IOException {
    try {
      return client.readPossiblyCutResponse().status();
    } catch (EOFException | SocketException | SocketTimeoutException closedOrSilent) {
      return -1;
    }
  }

  private static RawHttpClient.Response get(MtServer server, String path) throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address(), Duration.ofSeconds(2))) {
      return client.send(RawHttpClient.get(path)).readPossiblyCutResponse();
    }
  }
}
