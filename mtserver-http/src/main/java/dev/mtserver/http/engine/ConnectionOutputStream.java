package dev.mtserver.http.engine;

import dev.mtserver.http.codec.ChunkedBodyWriter;
import dev.mtserver.http.spi.ClientConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The stream a {@link ResponseBody.Streamed} body is written to: buffered, framed and checked.
 *
 * <ul>
 *   <li>The response head waits in front of the buffer, so the head and the first part of the body
 *       leave in one gathering write.
 *   <li>With chunked framing every flush of the buffer (or a large write) becomes one chunk, and
 *       {@link #finish} adds the last chunk.
 *   <li>With a declared length, writing more than declared fails at once and writing less fails in
 *       {@link #finish}: a wrong {@code Content-Length} would corrupt the next response on the
 *       connection.
 * </ul>
 */
final class ConnectionOutputStream extends OutputStream {

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = ChunkedBodyWriter.lastChunk();

  private final ClientConnection connection;
  private final byte[] buffer;
  private final boolean chunked;
  private final long declaredLength;
  private final Runnable onFirstWrite;
  private final byte[] sizeLine = new byte[18];
  private ByteBuffer pendingHead;
  private int count;
  private long written;
  private boolean finished;

  /**
   * @param head the response head, sent with the first bytes of the body
   * @param declaredLength the body's exact length, or -1 when it is unknown
   * @param chunked whether to frame the body as chunks (else an unknown length ends with the
   *     connection)
   * @param onFirstWrite run just before the first write reaches the connection
   */
  ConnectionOutputStream(
      ClientConnection connection,
      ByteBuffer head,
      byte[] buffer,
      long declaredLength,
      boolean chunked,
      Runnable onFirstWrite) {
    this.connection = connection;
    this.pendingHead = head;
    this.buffer = buffer;
    this.declaredLength = declaredLength;
    this.chunked = chunked;
    this.onFirstWrite = onFirstWrite;
  }

  @Override
  public void write(int b) throws IOException {
    checkOpen(1);
    if (count == buffer.length) {
      flushBuffer(null);
    }
    buffer[count++] = (byte) b;
    written++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return;
    }
    checkOpen(len);
    written += len;
    if (len <= buffer.length - count) {
      System.arraycopy(b, off, buffer, count, len);
      count += len;
      return;
    }
    if (len < buffer.length) {
      flushBuffer(null);
      System.arraycopy(b, off, buffer, 0, len);
      count = len;
      return;
    }
    flushBuffer(ByteBuffer.wrap(b, off, len)); // large: straight from the caller's array
  }

  /** Sends what is buffered (with the head, if it has not gone yet). */
  @Override
  public void flush() throws IOException {
    if (!finished) {
      flushBuffer(null);
    }
  }

  /** Flushes; the connection itself stays open and the body is not finished. */
  @Override
  public void close() throws IOException {
    flush();
  }

  /**
   * Ends the body: sends the rest, the last chunk when chunked, and checks a declared length.
   *
   * @throws IOException if fewer bytes than declared were written
   */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    if (declaredLength >= 0 && written != declaredLength) {
      throw new IOException(
          "streamed body wrote " + written + " of its declared " + declaredLength + " bytes");
    }
    flushBuffer(null);
    if (chunked) {
      emit(ByteBuffer.wrap(LAST_CHUNK));
    }
    finished = true;
  }

  private void checkOpen(int more) throws IOException {
    if (finished) {
      throw new IOException("body already finished");
    }
    if (declaredLength >= 0 && written + more > declaredLength) {
      throw new IOException("streamed body longer than its declared " + declaredLength + " bytes");
    }
  }

  /** Writes the pending head, the buffer and then {@code extra}, in one gathering write. */
  private void flushBuffer(ByteBuffer extra) throws IOException {
    int bodyBytes = count + (extra == null ? 0 : extra.remaining());
    if (bodyBytes == 0) {
      if (pendingHead != null) {
        emit();
      }
      return;
    }
    ByteBuffer buffered = count > 0 ? ByteBuffer.wrap(buffer, 0, count) : null;
    count = 0;
    if (chunked) {
      ByteBuffer size =
          ByteBuffer.wrap(sizeLine, 0, ChunkedBodyWriter.sizeLine(bodyBytes, sizeLine));
      emit(size, buffered, extra, ByteBuffer.wrap(CRLF));
    } else {
      emit(buffered, extra);
    }
  }

  private void emit(ByteBuffer... parts) throws IOException {
    int n = 0;
    ByteBuffer[] out = new ByteBuffer[parts.length + 1];
    if (pendingHead != null) {
      out[n++] = pendingHead;
      pendingHead = null;
      onFirstWrite.run();
    }
    for (ByteBuffer part : parts) {
      if (part != null) {
        out[n++] = part;
      }
    }
    connection.write(n == out.length ? out : java.util.Arrays.copyOf(out, n));
  }
}
