package dev.mtserver.http.server;

import dev.mtserver.http.spi.ClientConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** A buffered {@link OutputStream} over a {@link ClientConnection}, for streamed bodies. */
final class ConnectionOutputStream extends OutputStream {

  private final ClientConnection connection;
  private final byte[] buffer;
  private int count;

  ConnectionOutputStream(ClientConnection connection, int bufferSize) {
    this.connection = connection;
    this.buffer = new byte[bufferSize];
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buffer.length) {
      flush();
    }
    buffer[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len >= buffer.length) {
      flush();
      connection.write(ByteBuffer.wrap(b, off, len));
      return;
    }
    if (len > buffer.length - count) {
      flush();
    }
    System.arraycopy(b, off, buffer, count, len);
    count += len;
  }

  @Override
  public void flush() throws IOException {
    if (count > 0) {
      connection.write(ByteBuffer.wrap(buffer, 0, count));
      count = 0;
    }
  }

  /** Flushes; the connection itself stays open. */
  @Override
  public void close() throws IOException {
    flush();
  }
}
