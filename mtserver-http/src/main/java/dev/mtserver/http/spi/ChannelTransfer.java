package dev.mtserver.http.spi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A body that can copy itself to a channel, shaped like {@code FileChannel.transferTo} so that a
 * file reaches a socket through {@code sendfile(2)} without passing through the Java heap.
 */
@FunctionalInterface
public interface ChannelTransfer {

  /** Copies up to {@code count} bytes from {@code position}; returns how many were copied. */
  long transferTo(long position, long count, WritableByteChannel target) throws IOException;

  /**
   * The bytes {@code position .. position+count} as a read-only buffer outside the heap, when the
   * source already has them mapped ({@code OpenContent.inMemory}); null otherwise. A transport
   * writes such a buffer behind the head in one gathering write and never reads it in Java.
   */
  default ByteBuffer inMemory(long position, long count) {
    return null;
  }
}
