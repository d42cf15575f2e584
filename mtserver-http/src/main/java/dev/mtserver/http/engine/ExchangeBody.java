package dev.mtserver.http.engine;

import dev.mtserver.http.codec.BodyDecoder;
import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.http.spi.ReadPhase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The request body a handler reads: the decoded body, plus what the connection loop must know about
 * how it was read.
 *
 * <p>Nothing touches the connection until the handler's first read. Then, and only then, the
 * interim {@code 100 Continue} is sent if the client asked for it, and the read phase switches to
 * {@link ReadPhase#BODY}. A handler that answers without reading therefore sends no {@code 100} and
 * never reads a byte of the body (ADR 0005). Every read failure is remembered, so the loop can tell
 * a client that went away from a handler that failed.
 */
final class ExchangeBody extends InputStream {

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final BodyDecoder decoded;
  private final ClientConnection connection;
  private final boolean expectsContinue;
  private boolean started;
  private boolean continueSent;
  private boolean ended;
  private IOException failure;

  ExchangeBody(
      BodyDecoder decoded, ClientConnection connection, boolean hasBody, boolean expectsContinue) {
    this.decoded = decoded;
    this.connection = connection;
    this.expectsContinue = expectsContinue;
    this.ended = !hasBody;
  }

  @Override
  public int read() throws IOException {
    if (!begin()) {
      return -1;
    }
    try {
      int b = decoded.read();
      ended = b < 0;
      return b;
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!begin()) {
      return -1;
    }
    try {
      int n = decoded.read(b, off, len);
      ended = n < 0;
      return n;
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0 || !begin()) {
      return 0;
    }
    try {
      return decoded.skip(n);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  /** Closing the body does not close the connection; the loop decides what happens to the rest. */
  @Override
  public void close() {}

  /**
   * Readies the first read: sends {@code 100 Continue} if it was asked for, and switches the read
   * phase. Returns false when there is nothing (more) to read.
   */
  private boolean begin() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (ended) {
      return false;
    }
    if (!started) {
      started = true;
      try {
        if (expectsContinue) {
          continueSent = true;
          connection.write(ByteBuffer.wrap(CONTINUE));
        }
        connection.readPhase(ReadPhase.BODY);
      } catch (IOException e) {
        throw failed(e);
      }
    }
    return true;
  }

  private IOException failed(IOException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  /** True once the body has been read (or discarded) to its end: nothing of it is left unread. */
  boolean complete() {
    return ended;
  }

  /** The first exception a read of this body threw, or null. */
  IOException failure() {
    return failure;
  }

  /**
   * Makes the connection ready for the next request by discarding what the handler left of the
   * body, within {@code maxBytes}.
   *
   * <p>A body the client was told to hold back ({@code Expect: 100-continue} and no {@code 100}
   * sent) is never drained: the client may or may not send it, so the connection must close.
   *
   * @return true if the connection can carry another request
   */
  boolean discardRest(long maxBytes) {
    if (failure != null) {
      return false;
    }
    if (ended) {
      return true;
    }
    if (expectsContinue && !continueSent) {
      return false;
    }
    try {
      if (!started) {
        started = true;
        connection.readPhase(ReadPhase.BODY);
      }
      ended = decoded.discard(maxBytes);
      return ended;
    } catch (IOException e) {
      failed(e);
      return false;
    }
  }
}
