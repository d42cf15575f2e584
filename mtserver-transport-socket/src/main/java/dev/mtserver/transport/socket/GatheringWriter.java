package dev.mtserver.transport.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * Writes buffers to a channel completely, in as few system calls as the kernel allows: up to {@code
 * chunk} bytes in all go out in one gathering {@code writev(2)} (a response head and a small body
 * in one segment); larger data goes out {@code chunk} bytes per call, so that each call returns,
 * and proves progress, within a bounded time.
 */
final class GatheringWriter {

  /** Brackets each write call: the deadline of one call starts in {@code begin}. */
  interface Bracket {
    void begin();

    void end();
  }

  private GatheringWriter() {}

  static void writeFully(
      GatheringByteChannel channel, ByteBuffer[] buffers, int chunk, Bracket bracket)
      throws IOException {
    long left = 0;
    for (ByteBuffer b : buffers) {
      left += b.remaining();
    }
    if (left <= chunk) {
      while (left > 0) {
        left -= writeOnce(channel, buffers, bracket); // partial writes resume where they stopped
      }
      return;
    }
    for (ByteBuffer b : buffers) {
      int limit = b.limit();
      try {
        while (b.position() < limit) {
          b.limit(b.position() + Math.min(limit - b.position(), chunk));
          writeOnce(channel, new ByteBuffer[] {b}, bracket);
          b.limit(limit);
        }
      } finally {
        b.limit(limit);
      }
    }
  }

  /**
   * One gathering write, even of a single buffer: {@code writev(2)} with one vector costs the
   * kernel what {@code write(2)} costs, and the JDK's gathering path is the one every small
   * response compiles early, while its single-buffer path (a large file's head, written before its
   * {@code sendfile}) ran too rarely to leave the interpreter (docs/benchmarks.md, nineteenth
   * session).
   */
  private static long writeOnce(GatheringByteChannel channel, ByteBuffer[] buffers, Bracket bracket)
      throws IOException {
    bracket.begin();
    try {
      return channel.write(buffers);
    } finally {
      bracket.end();
    }
  }
}
