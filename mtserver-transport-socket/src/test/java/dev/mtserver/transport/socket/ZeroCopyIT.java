package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.socket.RawClient.Response;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * File bodies go to the socket with {@code FileChannel.transferTo}, whose target is the {@link
 * SocketChannel} itself: that is the case the JDK turns into {@code sendfile(2)}.
 */
class ZeroCopyIT {

  private static final int SIZE = 12 << 20;

  @TempDir Path dir;
  private final TinyHttpHandler handler = new TinyHttpHandler();
  private byte[] content;

  @BeforeEach
  void writeFile() throws Exception {
    content = new byte[SIZE];
    new Random(42).nextBytes(content);
    handler.file = Files.write(dir.resolve("big.bin"), content);
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_whole_file_arrives_byte_for_byte_and_its_transfers_target_the_socket_channel(
      ThreadMode mode) throws Exception {
    try (RunningServer server = RunningServer.start(mode, handler);
        RawClient client = server.connect()) {
      Response response = client.send(RawClient.get("/file/0/" + SIZE)).readResponse();

      assertThat(response.body()).isEqualTo(content);
      if (mode == ThreadMode.PLATFORM) {
        // a blocking sendfile is offered a chunk at a time (the write deadline's unit), so a
        // 12 MiB body takes many calls
        assertThat(handler.transferTargets)
            .hasSizeGreaterThanOrEqualTo(SIZE / SocketConnection.WRITE_CHUNK)
            .allSatisfy(t -> assertThat(t).isInstanceOf(SocketChannel.class));
        assertThat(handler.socketOffers)
            .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(SocketConnection.WRITE_CHUNK));
      } else {
        // a non-blocking sendfile returns once the send buffer is full, so it is offered up to
        // nginx's sendfile_max_chunk at once: a call per buffer-full, not per 256 KiB
        assertThat(handler.socketOffers.get(0))
            .isEqualTo((long) SocketConnection.NONBLOCKING_SEND_CHUNK);
        assertThat(handler.socketOffers)
            .allSatisfy(
                n -> assertThat(n).isLessThanOrEqualTo(SocketConnection.NONBLOCKING_SEND_CHUNK));
        // a virtual thread's socket is non-blocking: when it is full, a quiet server waits for
        // room in the kernel, a busy one sends one byte through an ordinary write that waits for
        // it (QuietWaitIT); everything else goes straight to the channel
        assertThat(handler.transferTargets)
            .filteredOn(t -> t instanceof SocketChannel)
            .hasSizeGreaterThanOrEqualTo(handler.transferTargets.size() / 2);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_range_of_the_file_is_sent_exactly_from_its_position(ThreadMode mode) throws Exception {
    int from = 1_000_003;
    int count = 3_000_017;
    try (RunningServer server = RunningServer.start(mode, handler);
        RawClient client = server.connect()) {
      Response range = client.send(RawClient.get("/file/" + from + "/" + count)).readResponse();
      Response tail = client.send(RawClient.get("/file/" + (SIZE - 10) + "/10")).readResponse();

      assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, from, from + count));
      assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(content, SIZE - 10, SIZE));
    }
  }

  /**
   * Large transfers are sent corked ({@link TcpCork}); the end of each must still leave at once.
   * Were the socket left corked, Linux would hold the last short segment of every response for 200
   * ms.
   */
  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void the_last_bytes_of_a_large_file_are_not_held_back(ThreadMode mode) throws Exception {
    int count = (1 << 20) + 1235; // ends in a short segment whatever the segment size
    try (RunningServer server = RunningServer.start(mode, handler);
        RawClient client = server.connect()) {
      client.send(RawClient.get("/file/0/" + count)).readResponse(); // warm up
      long fastest = Long.MAX_VALUE;
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        Response response = client.send(RawClient.get("/file/0/" + count)).readResponse();
        fastest = Math.min(fastest, System.nanoTime() - start);
        assertThat(response.body()).hasSize(count);
      }

      // a held-back tail delays every response; a busy machine delays only some
      assertThat(Duration.ofNanos(fastest)).isLessThan(Duration.ofMillis(150));
    }
  }

  /**
   * On a platform thread a file of 64 KiB and its head take two TCP segments, not three: the head
   * does not leave alone in a packet of its own (which the client would wake up for, then again for
   * the body), but with the first bytes of the body, as from nginx with {@code tcp_nopush on}. On a
   * virtual thread the file is sent uncorked and the head leaves at once, in a segment of its own
   * (ADR 0021, thirtieth session: corked, 4 and 16 MiB downloads took a sixth longer there).
   * Counted by the kernel ({@code data_segs_out} of {@code ss}) on the server's end of a fresh
   * connection.
   */
  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  @EnabledOnOs(OS.LINUX)
  void a_file_leaves_with_its_head_corked_only_on_a_platform_thread(ThreadMode mode)
      throws Exception {
    int count = 64 * 1024;
    try (RunningServer server = RunningServer.start(mode, handler);
        RawClient client = new RawClient(server.address, 4 << 20)) {
      Response response = client.send(RawClient.get("/file/0/" + count)).readResponse();
      assertThat(response.body()).isEqualTo(Arrays.copyOf(content, count));
      if (mode == ThreadMode.PLATFORM) {
        assertHeadAndBodyShareSegments(server, client, count);
      } else {
        assertHeadLeavesAlone(server, client, count);
      }
    }
  }

  /**
   * A body its store has mapped ({@code ChannelTransfer.inMemory}) goes out with its head in one
   * gathering write: no transfer is made, and head and body share their segments as a corked {@code
   * sendfile} would have them.
   */
  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  @EnabledOnOs(OS.LINUX)
  void a_mapped_body_leaves_with_its_head_in_one_write_without_a_transfer(ThreadMode mode)
      throws Exception {
    int count = 64 * 1024;
    try (RunningServer server = RunningServer.start(mode, handler);
        RawClient client = new RawClient(server.address, 4 << 20)) {
      Response response = client.send(RawClient.get("/mapped/0/" + count)).readResponse();
      assertThat(response.body()).isEqualTo(Arrays.copyOf(content, count));
      assertHeadAndBodyShareSegments(server, client, count);

      Response part = client.send(RawClient.get("/mapped-after-head/5/1000")).readResponse();
      assertThat(part.body()).isEqualTo(Arrays.copyOfRange(content, 5, 1005));
      assertThat(handler.transferTargets).as("nothing sent through transferTo").isEmpty();
    }
  }

  /**
   * The server's end of {@code client}'s connection, which has carried one response of {@code
   * count} body bytes so far, sent it in as few segments as its size allows: none for the head
   * alone.
   */
  private static void assertHeadAndBodyShareSegments(
      RunningServer server, RawClient client, int count) throws Exception {
    SentSegments sent = SentSegments.of(server, client);
    long wire = (long) TinyHttpHandler.head("200 OK", count, true).remaining() + count;
    assertThat(sent.segments())
        .as("data segments for a %d-byte response at mss %d (%s)", wire, sent.mss(), sent.stats())
        .isEqualTo(sent.fullSegmentsFor(wire));
  }

  /**
   * The server's end of {@code client}'s connection, which has carried one response of {@code
   * count} body bytes so far, sent its head in a segment of its own and the body in as few as
   * sendfile's 64 KiB batches allow.
   */
  private static void assertHeadLeavesAlone(RunningServer server, RawClient client, int count)
      throws Exception {
    SentSegments sent = SentSegments.of(server, client);
    assertThat(sent.segments())
        .as(
            "data segments for a head and a %d-byte file at mss %d (%s)",
            count, sent.mss(), sent.stats())
        .isEqualTo(1 + sent.fullSegmentsFor(count));
  }

  /**
   * What the kernel reports ({@code ss}) for the server's end of {@code client}'s connection: its
   * maximum segment size and the data segments it has sent.
   */
  private record SentSegments(long mss, long segments, String stats) {

    static SentSegments of(RunningServer server, RawClient client) throws Exception {
      String stats = SocketStats.serverSide(server.address.getPort(), client.socket.getLocalPort());
      return new SentSegments(
          SocketStats.number("mss", stats), SocketStats.number("data_segs_out", stats), stats);
    }

    /** The fewest segments that carry {@code bytes}. */
    long fullSegmentsFor(long bytes) {
      return (bytes + mss - 1) / mss;
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_file_read_slowly_still_arrives_whole(ThreadMode mode) throws Exception {
    try (RunningServer server = RunningServer.start(mode, handler);
        RawClient client = new RawClient(server.address, 32 * 1024)) {
      client.send(RawClient.get("/file/0/" + SIZE));
      byte[] body = client.readBodySlowly(SIZE);

      assertThat(body).isEqualTo(content);
    }
  }
}
