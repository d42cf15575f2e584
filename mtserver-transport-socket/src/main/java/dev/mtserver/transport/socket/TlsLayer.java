package dev.mtserver.transport.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import javax.net.ssl.SSLSocket;

/**
 * The TLS side of one {@link SocketConnection} after its handshake: the decrypted input, and writes
 * that leave as full TLS records (ADR 0039).
 *
 * <p>JSSE's {@link SSLSocket} takes bytes as arrays, so every byte crosses one reused array of one
 * record's plaintext ({@value #RECORD_BYTES} bytes), allocated once per connection: a response's
 * head and a small body are gathered into it and leave as one record, and a file body is copied
 * into it from the direct buffer the file channel reads into ({@link #fileSink()}) — {@code
 * sendfile} cannot encrypt, and no file body is copied into a new heap array per request. Each
 * write of at most one record is bracketed by the connection's write deadline, so a client that
 * reads slowly but steadily is never cut off, and one that stops reading is.
 */
final class TlsLayer {

  /** The largest plaintext a TLS record carries (RFC 8446 §5.1): one record per write. */
  static final int RECORD_BYTES = 16 * 1024;

  private final SSLSocket socket;
  private final InputStream input;
  private final OutputStream output;
  private final GatheringWriter.Bracket deadline;
  private final byte[] record = new byte[RECORD_BYTES];
  private int filled;

  TlsLayer(SSLSocket socket, GatheringWriter.Bracket deadline) throws IOException {
    this.socket = socket;
    this.input = socket.getInputStream();
    this.output = socket.getOutputStream();
    this.deadline = deadline;
  }

  /** The decrypted bytes the client sends. */
  InputStream input() {
    return input;
  }

  /** The negotiated protocol, such as {@code TLSv1.3}. */
  String protocol() {
    return socket.getSession().getProtocol();
  }

  /** Writes every buffer, in order, as full records; the buffers are drained. */
  void write(ByteBuffer... buffers) throws IOException {
    for (ByteBuffer buffer : buffers) {
      append(buffer);
    }
    flush();
  }

  /** Copies {@code source} into the record, sending each record as it fills. */
  private void append(ByteBuffer source) throws IOException {
    while (source.hasRemaining()) {
      int n = Math.min(source.remaining(), RECORD_BYTES - filled);
      source.get(record, filled, n);
      filled += n;
      if (filled == RECORD_BYTES) {
        flush();
      }
    }
  }

  /** Sends what the record holds, under the write deadline. */
  void flush() throws IOException {
    if (filled == 0) {
      return;
    }
    deadline.begin();
    try {
      output.write(record, 0, filled);
    } finally {
      deadline.end();
    }
    filled = 0;
  }

  /**
   * Where a file body is transferred to: the file channel reads into its own cached direct buffer
   * and hands it here, to be copied into the record and encrypted. {@link #flush()} after the
   * transfer sends the last partial record.
   */
  WritableByteChannel fileSink() {
    return new WritableByteChannel() {
      @Override
      public int write(ByteBuffer source) throws IOException {
        int n = source.remaining();
        append(source);
        return n;
      }

      @Override
      public boolean isOpen() {
        return !socket.isClosed();
      }

      @Override
      public void close() {
        // the connection owns the socket
      }
    };
  }

  /**
   * Sends TLS 1.3's {@code close_notify} (a half-close there) before the connection closes, under
   * the write deadline. TLS 1.2 has no half-close and the JDK may wait for the client's own
   * close_notify, so there the connection just closes: every response is framed by its length or
   * its chunks, so a missing close_notify cannot truncate one unnoticed.
   */
  void closeNotify() {
    if (!"TLSv1.3".equals(protocol())) {
      return;
    }
    deadline.begin();
    try {
      socket.shutdownOutput();
    } catch (IOException | UnsupportedOperationException e) {
      // the client is gone or the socket closed: nothing more to say to it
    } finally {
      deadline.end();
    }
  }
}
