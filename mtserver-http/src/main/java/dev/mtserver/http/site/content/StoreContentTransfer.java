package dev.mtserver.http.site.content;

import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.store.GoneException;
import dev.mtserver.http.engine.StaleBodyException;
import dev.mtserver.http.spi.ChannelTransfer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A store's open content as a response body's source: its bytes, and the store's {@link
 * GoneException} (the version looked up is gone) told to the engine as a {@link
 * StaleBodyException}, so a response not yet sent is answered again from a fresh look-up rather
 * than with a 500.
 */
record StoreContentTransfer(OpenContent content) implements ChannelTransfer {

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    try {
      return content.transferTo(position, count, target);
    } catch (GoneException e) {
      throw new StaleBodyException(e.getMessage(), e);
    }
  }

  @Override
  public ByteBuffer inMemory(long position, long count) {
    return content.inMemory(position, count);
  }
}
