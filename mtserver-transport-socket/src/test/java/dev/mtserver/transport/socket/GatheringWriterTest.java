package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The write loop, against a channel that records each call and accepts at most N bytes per call.
 */
class GatheringWriterTest {

  /**
   * Records every write call; writes at most {@code perCall} bytes each time, like a full socket.
   */
  private static final class RecordingChannel implements GatheringByteChannel {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final List<Integer> callBuffers = new ArrayList<>();
    final List<Long> callBytes = new ArrayList<>();
    private final int perCall;

    RecordingChannel(int perCall) {
      this.perCall = perCall;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
      callBuffers.add(length);
      long budget = perCall;
      long n = 0;
      for (int i = offset; i < offset + length && budget > 0; i++) {
        while (srcs[i].hasRemaining() && budget > 0) {
          written.write(srcs[i].get());
          budget--;
          n++;
        }
      }
      callBytes.add(n);
      return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
      return write(srcs, 0, srcs.length);
    }

    /** Calls of the single-buffer write, which the writer is not to make. */
    int singleBufferCalls;

    @Override
    public int write(ByteBuffer src) {
      singleBufferCalls++;
      return (int) write(new ByteBuffer[] {src});
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  private final List<String> bracket = new ArrayList<>();
  private final GatheringWriter.Bracket recordingBracket =
      new GatheringWriter.Bracket() {
        @Override
        public void begin() {
          bracket.add("begin");
        }

        @Override
        public void end() {
          bracket.add("end");
        }
      };

  private static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void a_head_and_a_small_body_go_out_in_one_gathering_write() throws Exception {
    RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE);

    GatheringWriter.writeFully(
        channel,
        new ByteBuffer[] {text("HTTP/1.1 200 OK\r\n\r\n"), text("hello")},
        1024,
        recordingBracket);

    assertThat(channel.callBuffers).containsExactly(2);
    assertThat(channel.written.toString(StandardCharsets.US_ASCII))
        .isEqualTo("HTTP/1.1 200 OK\r\n\r\nhello");
    assertThat(bracket).containsExactly("begin", "end");
  }

  @Test
  void a_partial_write_is_resumed_where_it_stopped_and_each_call_is_bracketed() throws Exception {
    RecordingChannel channel = new RecordingChannel(4);

    GatheringWriter.writeFully(
        channel, new ByteBuffer[] {text("abcdef"), text("ghij")}, 1024, recordingBracket);

    assertThat(channel.written.toString(StandardCharsets.US_ASCII)).isEqualTo("abcdefghij");
    assertThat(channel.callBytes).containsExactly(4L, 4L, 2L);
    assertThat(bracket).containsExactly("begin", "end", "begin", "end", "begin", "end");
  }

  @Test
  void more_than_a_chunk_goes_out_one_chunk_per_call_and_the_buffers_limits_are_restored()
      throws Exception {
    RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE);
    ByteBuffer head = text("head");
    ByteBuffer body = ByteBuffer.allocate(25);

    GatheringWriter.writeFully(channel, new ByteBuffer[] {head, body}, 10, recordingBracket);

    assertThat(channel.callBytes).containsExactly(4L, 10L, 10L, 5L);
    assertThat(channel.written.size()).isEqualTo(29);
    assertThat(body.limit()).isEqualTo(25);
    assertThat(body.hasRemaining()).isFalse();
  }

  @Test
  void a_lone_head_goes_out_through_the_gathering_call_too() throws Exception {
    RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE);

    GatheringWriter.writeFully(
        channel, new ByteBuffer[] {text("HTTP/1.1 200 OK\r\n\r\n")}, 1024, recordingBracket);

    assertThat(channel.callBuffers).containsExactly(1);
    assertThat(channel.singleBufferCalls).isZero();
    assertThat(channel.written.toString(StandardCharsets.US_ASCII))
        .isEqualTo("HTTP/1.1 200 OK\r\n\r\n");
  }

  @Test
  void nothing_to_write_makes_no_call() throws Exception {
    RecordingChannel channel = new RecordingChannel(Integer.MAX_VALUE);

    GatheringWriter.writeFully(
        channel, new ByteBuffer[] {ByteBuffer.allocate(0)}, 10, recordingBracket);

    assertThat(channel.callBuffers).isEmpty();
  }
}
