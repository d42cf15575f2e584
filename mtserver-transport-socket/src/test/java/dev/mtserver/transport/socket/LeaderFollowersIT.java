package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mtserver.transport.socket.RawClient.Response;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With virtual threads the thread that accepts a connection serves it ({@link Leadership}), and the
 * accept loop passes to another thread whenever the connection would hold it up: a client that is
 * slow to send, or a handler that takes long. Nothing here is about speed; it is about never
 * keeping other clients waiting in the backlog.
 */
class LeaderFollowersIT {

  private static final String CLOSE = " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
  private static final String KEEP_ALIVE = " HTTP/1.1\r\nHost: test\r\n\r\n";

  private final TinyHttpHandler handler = new TinyHttpHandler();

  @Test
  void connections_whose_requests_wait_in_the_backlog_are_served_by_the_accepting_thread()
      throws Exception {
    try (RunningServer server = startWithOnePermit()) {
      RawClient holder = holdThePermit(server);
      List<RawClient> waiting = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        waiting.add(server.connect().send("GET /thread" + CLOSE));
      }
      releaseThePermit(holder);

      List<String> servedBy = new ArrayList<>();
      for (RawClient client : waiting) {
        servedBy.add(client.readResponse().text());
        client.close();
      }
      holder.close();
      // Handed over, each would have had a new virtual thread of its own (a new name). Served by
      // the accepting thread, they share one, unless the lead passed meanwhile (the watcher passes
      // it when a request takes over 2 ms, as a first one may on a cold JVM).
      assertThat(servedBy).allSatisfy(name -> assertThat(name).matches("mtserver-worker-\\d+"));
      assertThat(servedBy.stream().distinct().count())
          .as("threads that served the five: %s", servedBy)
          .isLessThan(servedBy.size());
    }
  }

  @Test
  void an_error_on_the_accepting_thread_goes_to_the_process_and_accepting_goes_on()
      throws Exception {
    java.util.concurrent.LinkedBlockingQueue<String> handed =
        new java.util.concurrent.LinkedBlockingQueue<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> handed.add(String.valueOf(error)));
    try (LogCapture logs = new LogCapture();
        RunningServer server = startWithOnePermit()) {
      RawClient holder = holdThePermit(server);
      RawClient victim = server.connect().send("GET /oom" + CLOSE);
      releaseThePermit(holder);
      assertThat(victim.read()).isNull();

      assertThat(handed.poll(10, TimeUnit.SECONDS)).contains("OutOfMemoryError");
      try (RawClient next = server.connect()) {
        assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
      }
      assertThat(logs.containing("accept loop")).isEmpty();
      holder.close();
      victim.close();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }

  private RunningServer startWithOnePermit() throws Exception {
    return RunningServer.start(
        ThreadMode.VIRTUAL, handler, b -> b.maxConnections(1).overloadWait(Duration.ofSeconds(10)));
  }

  /**
   * Takes the one permit with a request that waits in its handler: the accept loop waits for the
   * permit, so the next clients' requests arrive before their connections are accepted, and the
   * accepting thread finds them readable.
   */
  private RawClient holdThePermit(RunningServer server) throws Exception {
    RawClient holder = server.connect().send("GET /slow" + CLOSE);
    assertThat(handler.slowArrived.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    return holder;
  }

  /** Lets the held request finish, once the others' requests are in the kernel's buffers. */
  private void releaseThePermit(RawClient holder) throws Exception {
    Thread.sleep(100);
    handler.releaseSlow.countDown();
    assertThat(holder.readResponse().status()).isEqualTo(200);
  }

  @Test
  void a_request_that_follows_its_connection_closely_is_served_by_the_accepting_thread()
      throws Exception {
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      for (int i = 0; i < 200; i++) { // warm: a cold request can take the watcher's 2 ms
        try (RawClient client = server.connect()) {
          client.send("GET /hello" + CLOSE).readResponse();
        }
      }
      List<String> servedBy = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        try (RawClient client = server.connect()) {
          // Sent 500 µs after the connection, when the leader has accepted it and found nothing
          // to read: handed over at once, each would be served by a new virtual thread.
          long sendAt = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(500);
          while (System.nanoTime() < sendAt) {
            Thread.onSpinWait();
          }
          servedBy.add(client.send("GET /thread" + CLOSE).readResponse().text());
        }
      }
      assertThat(servedBy.stream().distinct().count())
          .as("threads that served 20 requests each sent 500 µs after its connection: %s", servedBy)
          .isLessThanOrEqualTo(12); // 20 if handed over; a loaded machine may miss a few waits
    }
  }

  @Test
  void a_passed_lead_goes_to_the_thread_parked_as_follower_not_to_a_new_one() throws Exception {
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      List<String> servedBy = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        try (RawClient client = server.connect()) {
          // Kept alive: after its response the leader waits for a next request, so it passes the
          // lead (on a quiet server after waiting Leadership.PASS_AFTER for it in the kernel), and
          // once the client has closed it has finished its connection without the lead.
          servedBy.add(client.send("GET /thread" + KEEP_ALIVE).readResponse().text());
          Thread.sleep(10);
        }
        Thread.sleep(5); // the old leader sees the close and parks as the follower
      }
      // A new thread for every pass would serve each connection under a new name: 20. The thread
      // that finished its connection waits as the follower and takes the next pass, so two
      // threads take turns (a third or so if the watcher passed the lead for a slow first request).
      assertThat(servedBy.stream().distinct().count())
          .as("threads that served 20 kept-alive connections one after the other: %s", servedBy)
          .isLessThanOrEqualTo(4);
    }
  }

  @Test
  void a_quiet_servers_leader_keeps_the_lead_through_a_short_wait_for_the_next_request_or_close()
      throws Exception {
    assumeThat(QuietWait.detect().available())
        .as("the leader's wait in the kernel (two carriers or more, sun.nio.ch opened)")
        .isTrue();
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      for (int i = 0; i < 200; i++) { // warm: a cold request can take the watcher's 2 ms
        try (RawClient client = server.connect()) {
          client.send("GET /hello" + CLOSE).readResponse();
        }
      }
      long before = server.server.leadPasses();
      int connections = 20;
      for (int i = 0; i < connections; i++) {
        try (RawClient client = server.connect()) {
          // Kept alive: the second request follows the first response at once, and the close the
          // second. Passing the lead at each wait for them would wake a follower each time.
          assertThat(client.send("GET /hello" + KEEP_ALIVE).readResponse().status()).isEqualTo(200);
          assertThat(client.send("GET /hello" + KEEP_ALIVE).readResponse().status()).isEqualTo(200);
        }
        Thread.sleep(5);
      }
      assertThat(server.server.leadPasses() - before)
          .as("lead passes for %d quiet kept-alive connections", connections)
          // One per connection or more without the wait in the kernel; a loaded machine may
          // stretch a few connections past the watcher's 2 ms.
          .isLessThanOrEqualTo(10);
    }
  }

  @Test
  void a_leader_or_follower_whose_last_connection_left_an_interrupt_still_accepts()
      throws Exception {
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      try (RawClient client = server.connect()) {
        // Closed after its response: the leader serves it without passing the lead.
        client.send("GET /interrupted" + CLOSE).readResponse();
      }
      try (RawClient next = server.connect()) {
        assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
      }
      for (int i = 0; i < 6; i++) {
        try (RawClient client = server.connect()) {
          // Kept alive, so each thread passes the lead and then follows: the thread that served
          // the interrupting request takes the lead again within a connection or two.
          client.send("GET /interrupted HTTP/1.1\r\nHost: test\r\n\r\n").readResponse();
        }
        Thread.sleep(5);
      }
      try (RawClient next = server.connect()) {
        // An interrupt carried into the accept loop would end it (its wait for a permit takes an
        // interrupt as the shutdown), and this connection would wait in the backlog forever.
        assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
      }
    }
  }

  @Test
  void a_file_the_send_buffer_takes_whole_is_sent_without_passing_the_lead(@TempDir Path dir)
      throws Exception {
    int size = 256 * 1024; // over LEADER_WRITE_BYTES; a loopback socket's send buffer takes it
    handler.file = Files.write(dir.resolve("256k.bin"), new byte[size]);
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      for (int i = 0; i < 200; i++) { // warm: a cold request can take the watcher's 2 ms
        try (RawClient client = server.connect()) {
          client.send("GET /file/0/" + size + CLOSE).readResponse();
        }
      }
      handler.fileServedBy.clear();
      for (int i = 0; i < 20; i++) {
        try (RawClient client = server.connect()) {
          assertThat(client.send("GET /file/0/" + size + CLOSE).readResponse().body())
              .hasSize(size);
        }
      }
      // Passing the lead before every write over 16 KiB, each would start a new virtual thread
      // and the next connection would be served by it: 20 names. A sendfile that came back whole
      // never had to wait, so the thread that sent it accepts the next connection.
      assertThat(handler.fileServedBy.stream().distinct().count())
          .as("threads that sent 20 files of 256 KiB: %s", handler.fileServedBy)
          .isLessThanOrEqualTo(7);
    }
  }

  @Test
  void a_client_that_reads_a_large_file_late_does_not_hold_up_the_next_and_gets_it_whole(
      @TempDir Path dir) throws Exception {
    byte[] content = new byte[24 << 20]; // more than the send and receive buffers hold
    new Random(7).nextBytes(content);
    handler.file = Files.write(dir.resolve("24m.bin"), content);
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler);
        RawClient late = server.connect()) {
      late.send("GET /file/0/" + content.length + CLOSE); // sendfile comes back short: lead passes
      Thread.sleep(50);
      long started = System.nanoTime();
      try (RawClient next = server.connect()) {
        assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(late.readResponse().body()).isEqualTo(content);
    }
  }

  @Test
  void a_client_that_sent_half_a_request_does_not_hold_up_the_next() throws Exception {
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler);
        RawClient slow = server.connect()) {
      slow.send("GET /hello HTTP/1.1\r\nHo"); // readable at once: the leader serves it, then waits
      Thread.sleep(50);
      long started = System.nanoTime();
      try (RawClient next = server.connect()) {
        Response response = next.send("GET /hello" + CLOSE).readResponse();
        assertThat(response.status()).isEqualTo(200);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("answered long before the slow client's 5 s header timeout")
          .isLessThan(Duration.ofSeconds(1));
    }
  }

  @Test
  void a_client_that_sends_nothing_does_not_hold_up_the_next() throws Exception {
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler);
        RawClient silent = server.connect()) {
      Thread.sleep(50); // the leader waited Leadership.PASS_AFTER for it, then the lead passed
      long started = System.nanoTime();
      try (RawClient next = server.connect()) {
        assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(silent.closedByServer(Duration.ofMillis(10))).isFalse();
    }
  }

  @Test
  void a_flood_of_clients_that_send_nothing_holds_up_the_next_for_a_moment_only() throws Exception {
    int silentCount = 400;
    try (RunningServer server =
        RunningServer.start(
            ThreadMode.VIRTUAL,
            handler,
            b -> b.maxConnections(2_000).maxConnectionsPerAddress(0))) {
      List<RawClient> silent = new ArrayList<>();
      try {
        for (int i = 0; i < silentCount; i++) {
          silent.add(server.connect());
        }
        long started = System.nanoTime();
        try (RawClient next = server.connect()) {
          assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
        }
        // Waited for one after the other, the silent connections ahead of it in the backlog would
        // hold this one up for silentCount * PASS_AFTER (800 ms); after RAN_OUT_PER_SECOND waits
        // that run out in a second (50 ms of them) the rest go straight to workers. Half the
        // unlimited wait leaves a loaded machine room for the 375 hand-overs.
        Duration unlimited = Leadership.PASS_AFTER.multipliedBy(silentCount);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .as("behind %d silent connections", silentCount)
            .isLessThan(unlimited.dividedBy(2));
      } finally {
        for (RawClient client : silent) {
          client.close();
        }
      }
    }
  }

  @Test
  void a_handler_that_takes_long_on_the_accepting_thread_does_not_hold_up_the_next()
      throws Exception {
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler);
        RawClient sleeper = server.connect()) {
      sleeper.send("GET /sleep/3000" + CLOSE); // its handler waits on whichever thread serves it
      Thread.sleep(50);
      long started = System.nanoTime();
      try (RawClient next = server.connect()) {
        assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("the lead passed on after %s, not after the 3 s handler", Leadership.PASS_AFTER)
          .isLessThan(Duration.ofSeconds(1));
      assertThat(sleeper.readResponse().text()).isEqualTo("slept\n");
    }
  }

  @Test
  void the_watcher_sleeps_once_the_server_is_quiet_and_a_slow_handler_still_passes_the_lead()
      throws Exception {
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      try (RawClient client = server.connect()) {
        assertThat(client.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
      }
      // Quiet for a few times Leadership.LINGER: the watcher sleeps without a timeout (WAITING),
      // not a timed sleep it would wake from every few milliseconds (TIMED_WAITING).
      awaitWaiting(watcherThread());

      // The lead still passes for a handler that takes long: through the listener's alarm when
      // another connection comes (the watcher, woken by the connection, where there is no alarm).
      try (RawClient sleeper = server.connect()) {
        sleeper.send("GET /sleep/3000" + CLOSE);
        Thread.sleep(50);
        long started = System.nanoTime();
        try (RawClient next = server.connect()) {
          assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(sleeper.readResponse().text()).isEqualTo("slept\n");
      }
    }
  }

  @Test
  void after_a_connection_that_follows_a_quiet_spell_the_watcher_sleeps_again_at_once()
      throws Exception {
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      for (int i = 0; i < 50; i++) {
        try (RawClient client = server.connect()) {
          client.send("GET /hello" + CLOSE).readResponse();
        }
      }
      Thread watcher = watcherThread();
      awaitWaiting(watcher);
      Thread.sleep(Leadership.LINGER.multipliedBy(2).toMillis()); // asleep for longer than LINGER
      long before = watcherSleeps();

      try (RawClient client = server.connect()) {
        assertThat(client.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
      }
      Thread.sleep(Leadership.LINGER.multipliedBy(5).toMillis());

      // Where the listener's alarm rings for the leader, the connection does not wake it at all.
      // Otherwise, woken by the connection, it looks once when the connection's PASS_AFTER is up
      // and sleeps again: two sleeps. Looking every PASS_AFTER for LINGER, as after connections
      // that come close together, would be a dozen.
      assertThat(watcherSleeps() - before)
          .as("times the watcher went to sleep for one connection after a quiet spell")
          .isLessThanOrEqualTo(4);
      assertThat(watcher.getState()).isEqualTo(Thread.State.WAITING);
    }
  }

  @Test
  void connections_that_come_alone_to_a_quiet_server_wake_no_watcher() throws Exception {
    try (RunningServer server = startWithListenerAlarm()) {
      try (RawClient client = server.connect()) {
        client.send("GET /hello" + CLOSE).readResponse();
      }
      awaitWaiting(watcherThread());
      long quietBefore = server.server.quietAccepts();
      long before = watcherSleeps();

      // One connection every 10 ms, each served while no other comes: the leader arms the
      // listener's alarm instead of starting the watcher's clock, and nothing rings it.
      int connections = 20;
      for (int i = 0; i < connections; i++) {
        try (RawClient client = server.connect()) {
          assertThat(client.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
        }
        Thread.sleep(10);
      }
      Thread.sleep(Leadership.LINGER.toMillis());

      assertThat(server.server.quietAccepts() - quietBefore)
          .as("connections accepted from the leader's wait in the kernel")
          .isEqualTo(connections);
      // The watcher's clock woke it twice per connection: forty sleeps.
      assertThat(watcherSleeps() - before)
          .as("times the watcher went to sleep for %d quiet connections", connections)
          .isLessThanOrEqualTo(2);
      assertThat(server.server.listenerAlarmRings()).as("rings of the listener's alarm").isZero();
    }
  }

  @Test
  void a_connection_that_comes_while_a_quiet_servers_leader_is_busy_rings_the_alarm_and_is_served()
      throws Exception {
    try (RunningServer server = startWithListenerAlarm()) {
      awaitWaiting(watcherThread()); // started, and named, before its sleeps are counted
      long before = watcherSleeps();
      // A sleeper whose request came later than the leader's 2 ms wait for it goes to a worker, and
      // then the leader takes the next connection itself: looked at again, up to three times.
      for (int attempt = 0; attempt < 3 && server.server.listenerAlarmRings() == 0; attempt++) {
        try (RawClient sleeper = server.connect()) {
          sleeper.send("GET /sleep/1000" + CLOSE); // taken from the quiet wait; its leader arms
          Thread.sleep(50);
          long started = System.nanoTime();
          try (RawClient next = server.connect()) {
            assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
          }
          assertThat(Duration.ofNanos(System.nanoTime() - started))
              .as(
                  "the lead passed %s after the connection came, not after the 1 s handler",
                  Leadership.PASS_AFTER)
              .isLessThan(Duration.ofMillis(800));
          assertThat(sleeper.readResponse().text()).isEqualTo("slept\n");
        }
      }
      assertThat(server.server.listenerAlarmRings()).as("rings of the listener's alarm").isOne();
      assertThat(watcherSleeps() - before).as("sleeps of the watcher meanwhile").isZero();
    }
  }

  @Test
  void connections_that_follow_one_another_closely_do_not_ring_the_alarm_for_each()
      throws Exception {
    try (RunningServer server = startWithListenerAlarm()) {
      int clients = 4;
      int each = 100;
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          done.add( // as ab does: a new connection as soon as the last answer came
              pool.submit(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      try (RawClient client = server.connect()) {
                        assertThat(client.send("GET /hello" + CLOSE).readResponse().status())
                            .isEqualTo(200);
                      }
                    }
                    return null;
                  }));
        }
        for (Future<?> client : done) {
          client.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      // Each ring wakes the alarm's thread and sleeps it until the exchange's PASS_AFTER is up;
      // connections that come this close together go by the watcher's clock instead.
      assertThat(server.server.listenerAlarmRings())
          .as("rings of the listener's alarm for %d connections", clients * each)
          .isLessThan(clients * each / 20);
    }
  }

  /**
   * A server with virtual threads whose leader waits in the kernel while quiet and arms the
   * listener's alarm; the test is skipped where either is unavailable.
   */
  private RunningServer startWithListenerAlarm() throws IOException {
    assumeThat(QuietWait.detect().available())
        .as("the leader's wait in the kernel (two carriers or more, sun.nio.ch opened)")
        .isTrue();
    RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler);
    if (!server.server.hasListenerAlarm()) {
      server.close();
      assumeThat(false).as("the listener's alarm (epoll through the JDK's helpers)").isTrue();
    }
    return server;
  }

  private static void awaitWaiting(Thread watcher) throws InterruptedException {
    long deadline = System.nanoTime() + Leadership.LINGER.multipliedBy(10).toNanos();
    while (watcher.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(watcher.getState())
        .as("the watcher after a quiet spell")
        .isEqualTo(Thread.State.WAITING);
  }

  /**
   * How many times the watcher's OS thread has gone to sleep ({@code voluntary_ctxt_switches} in
   * {@code /proc/self/task/TID/status}; Linux keeps 15 characters of the thread's name).
   */
  private static long watcherSleeps() throws IOException {
    List<Long> counts = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          if (Files.readString(task.resolve("comm")).strip().equals("mtserver-leader")) {
            for (String line : Files.readAllLines(task.resolve("status"))) {
              if (line.startsWith("voluntary_ctxt_switches:")) {
                counts.add(Long.parseLong(line.substring(line.indexOf(':') + 1).strip()));
              }
            }
          }
        } catch (NoSuchFileException e) {
          // a thread that ended while we looked
        }
      }
    }
    assertThat(counts).as("OS threads named mtserver-leader").hasSize(1);
    return counts.get(0);
  }

  /** This server's watcher: the only one alive, since a stopped server's watcher ends. */
  private static Thread watcherThread() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      List<Thread> watchers =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals("mtserver-leader-watch") && t.isAlive())
              .toList();
      if (watchers.size() == 1 || System.nanoTime() > deadline) {
        assertThat(watchers).as("watcher threads alive").hasSize(1);
        return watchers.get(0);
      }
      Thread.sleep(10); // another test's server may still be stopping
    }
  }
}
