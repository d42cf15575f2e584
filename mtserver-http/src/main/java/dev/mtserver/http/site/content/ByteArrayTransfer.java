package dev.mtserver.http.site.content;

import dev.mtserver.http.spi.ChannelTransfer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A {@link ChannelTransfer} over bytes already in memory (a cached file, a multipart header). */
record ByteArrayTransfer(byte[] bytes) implements ChannelTransfer {

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    if (position >= bytes.length) {
      return 0;
    }
    int length = (int) Math.min(count, bytes.length - position);
    return target.write(ByteBuffer.wrap(bytes, (int) position, length));
  }
}
