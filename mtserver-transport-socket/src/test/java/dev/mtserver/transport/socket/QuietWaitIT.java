package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With virtual threads, a quiet server's leader waits for the next connection in the kernel, on its
 * carrier, and a busy one parks while the listener's watch thread waits there for it ({@link
 * QuietWait}, {@link ListenerWatch}, ADR 0054). What a user sees: every connection served either
 * way.
 */
class QuietWaitIT {

  private static final String CLOSE = " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
  private static final String KEEP_ALIVE = " HTTP/1.1\r\nHost: test\r\n\r\n";

  private final TinyHttpHandler handler = new TinyHttpHandler();

  @BeforeEach
  void onlyWhereItCanWait() {
    assumeThat(QuietWait.detect().available())
        .as("one carrier, or sun.nio.ch not opened: the server never waits in the kernel")
        .isTrue();
  }

  @Test
  void a_quiet_servers_connections_are_accepted_by_a_leader_waiting_in_the_kernel()
      throws Exception {
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      for (int i = 0; i < 5; i++) {
        try (RawClient client = server.connect()) {
          assertThat(client.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
        }
        Thread.sleep(20);
      }
      assertThat(server.server.quietAccepts()).isEqualTo(5);
    }
  }

  @Test
  void once_every_carrier_has_a_connection_the_next_is_accepted_through_the_listeners_watch()
      throws Exception {
    int carriers = Runtime.getRuntime().availableProcessors();
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      List<RawClient> keptAlive = keepEveryCarrierBusy(server, carriers);
      try {
        long before = server.server.quietAccepts();

        try (RawClient next = server.connect()) {
          assertThat(next.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
        }
        assertThat(server.server.quietAccepts())
            .as("a wait in the kernel would have taken a carrier from a connection being served")
            .isEqualTo(before);
      } finally {
        for (RawClient client : keptAlive) {
          client.close();
        }
      }
    }
  }

  @Test
  void once_the_busy_spell_is_over_the_next_connections_are_accepted_from_the_kernel_again()
      throws Exception {
    int carriers = Runtime.getRuntime().availableProcessors();
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      List<RawClient> keptAlive = keepEveryCarrierBusy(server, carriers);
      // Accepted through the listener's watch; after it the leader waits there again, still busy.
      try (RawClient during = server.connect()) {
        assertThat(during.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
      }
      long before = server.server.quietAccepts();

      for (RawClient client : keptAlive) {
        client.close();
      }
      assertThat(
              Eventually.holds(
                  Duration.ofSeconds(5), () -> server.stats().activeConnections() == 0))
          .isTrue();
      // The end of the spell woke the leader from the watch: it waits in the kernel for both.
      for (int i = 0; i < 2; i++) {
        try (RawClient after = server.connect()) {
          assertThat(after.send("GET /hello" + CLOSE).readResponse().status()).isEqualTo(200);
        }
      }

      assertThat(server.server.quietAccepts() - before)
          .as("of the two connections after the busy spell, those accepted from the kernel")
          .isEqualTo(2);
    }
  }

  /**
   * A large file read slowly fills the send buffer again and again. A quiet server's leader waits
   * for room in the kernel then, as nginx's worker does, and sends the rest with {@code sendfile}
   * alone; no byte of it goes through the JDK's parking write, whose wake-up comes through the
   * poller threads.
   */
  @Test
  void a_quiet_servers_large_file_waits_for_room_in_the_kernel_and_arrives_whole(@TempDir Path dir)
      throws Exception {
    byte[] content = largeFile(dir);
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      assertThat(downloadSlowly(server, content.length)).isEqualTo(content);
      assertEveryTransferWentToTheSocket();
    }
  }

  /**
   * The same on a connection the leader handed to a worker because it sent nothing at first (a
   * client that connects ahead, as browsers do): the worker waits for room in the kernel too.
   */
  @Test
  void a_connection_handed_to_a_worker_waits_for_room_in_the_kernel_too(@TempDir Path dir)
      throws Exception {
    byte[] content = largeFile(dir);
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler);
        RawClient client = new RawClient(server.address, 32 * 1024)) {
      Thread.sleep(100); // silent well past the leader's wait for first bytes: handed over
      client.send(RawClient.get("/file/0/" + content.length));

      assertThat(client.readBodySlowly(content.length)).isEqualTo(content);
      assertEveryTransferWentToTheSocket();
    }
  }

  /** With every carrier taken, a wait in the kernel would hold one more: the JDK's wait is used. */
  @Test
  void a_busy_servers_large_file_waits_for_room_the_jdks_way_and_arrives_whole(@TempDir Path dir)
      throws Exception {
    byte[] content = largeFile(dir);
    int carriers = Runtime.getRuntime().availableProcessors();
    try (RunningServer server = RunningServer.start(ThreadMode.VIRTUAL, handler)) {
      List<RawClient> keptAlive = keepEveryCarrierBusy(server, carriers);
      try {
        assertThat(downloadSlowly(server, content.length)).isEqualTo(content);
        assertThat(handler.transferTargets)
            .as("a full send buffer was waited for through a write that parks")
            .anySatisfy(target -> assertThat(target).isNotInstanceOf(SocketChannel.class));
      } finally {
        for (RawClient client : keptAlive) {
          client.close();
        }
      }
    }
  }

  /** No transfer waited for room through a channel write: every one went to the socket. */
  private void assertEveryTransferWentToTheSocket() {
    assertThat(handler.transferTargets)
        .as("every transfer went to the socket: none waited for room through a channel write")
        .hasSizeGreaterThan(1)
        .allSatisfy(target -> assertThat(target).isInstanceOf(SocketChannel.class));
  }

  private byte[] largeFile(Path dir) throws IOException {
    byte[] content = new byte[12 << 20];
    new Random(7).nextBytes(content);
    handler.file = Files.write(dir.resolve("large.bin"), content);
    return content;
  }

  /** Downloads the whole of {@link TinyHttpHandler#file} as a slow reader would. */
  private static byte[] downloadSlowly(RunningServer server, int size) throws Exception {
    try (RawClient client = new RawClient(server.address, 32 * 1024)) {
      return client.send(RawClient.get("/file/0/" + size)).readBodySlowly(size);
    }
  }

  /**
   * Opens one kept-alive connection per carrier, each answered once, and waits until the server
   * counts them all as being served: the process is then no longer quiet.
   */
  private static List<RawClient> keepEveryCarrierBusy(RunningServer server, int carriers)
      throws Exception {
    List<RawClient> keptAlive = new ArrayList<>();
    for (int i = 0; i < carriers; i++) {
      RawClient client = server.connect();
      keptAlive.add(client);
      assertThat(client.send("GET /hello" + KEEP_ALIVE).readResponse().status()).isEqualTo(200);
    }
    assertThat(
            Eventually.holds(
                Duration.ofSeconds(5), () -> server.stats().activeConnections() == carriers))
        .isTrue();
    return keptAlive;
  }
}
