package dev.mtserver.domain.content;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * The open bytes of one resource. {@link #transferTo} is shaped like
 * {@code FileChannel.transferTo} so a file-backed implementation can hand the copy to the kernel
 * ({@code sendfile(2)}) when the target is a socket channel.
 */
public interface OpenContent extends Closeable {

  /** The number of bytes available. */
  long size() throws IOException;

  /**
   * Copies up to {@code count} bytes starting at {@code position} to {@code target}.
   *
   * @return the number of bytes actually transferred, possibly fewer than requested
   */
  long transferTo(long position, long count, WritableByteChannel target) throws IOException;
}
