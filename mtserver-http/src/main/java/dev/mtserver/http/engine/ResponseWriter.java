package dev.mtserver.http.engine;

import dev.mtserver.http.codec.HttpDates;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.ResponseHeadWriter;
import dev.mtserver.http.spi.ClientConnection;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the responses of one connection. It owns the headers a handler does not: {@code Date},
 * {@code Server}, {@code Connection}, the framing ({@code Content-Length} or chunked) and the
 * listener's {@link ResponseHeaderPolicy}, and it decides how the body reaches the socket:
 *
 * <ul>
 *   <li>no body (HEAD, 204, 304): the head alone, in one write;
 *   <li>{@link ResponseBody.Bytes}, and a {@link ResponseBody.Region} of at most {@value
 *       #COALESCE_BYTES} bytes: head and body in one gathering write;
 *   <li>a larger region: the head and a zero-copy transfer, handed to the connection together so
 *       that the transport can send the head in the body's first packet;
 *   <li>{@link ResponseBody.Streamed}: through a {@link ConnectionOutputStream}, whose first write
 *       carries the head.
 * </ul>
 *
 * <p>A response written whole in one write on a connection that closes after it is announced to the
 * transport first ({@link ClientConnection#lastWriteBeforeClose}), which may then send it with the
 * connection's FIN, in one segment, as nginx does for a request without keep-alive.
 *
 * <p>{@link #committed()} tells whether any byte of the current response has been handed to the
 * connection; until then a failure can still be answered with a 500 instead. Used only on the
 * connection's own thread.
 */
final class ResponseWriter {

  private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);

  /** Regions up to this size are copied behind the head and sent in one write. */
  static final int COALESCE_BYTES = ResponseBody.COALESCE_BYTES;

  private static final int STREAM_BUFFER_BYTES = 16 * 1024;

  private final ClientConnection connection;
  private final String serverName;
  private final ResponseHeaderPolicy policy;
  private final ResponseHeadWriter heads = new ResponseHeadWriter();
  private final BufferChannel smallRegion = new BufferChannel();
  private byte[] bodyBuffer;
  private boolean committed;
  // What the last response of the current exchange was, for the exchange listener.
  private int lastStatus;
  private long lastBodyBytes;

  /**
   * @param policy fields every response gets, error responses of the engine's own included
   */
  ResponseWriter(ClientConnection connection, String serverName, ResponseHeaderPolicy policy) {
    this.connection = connection;
    this.serverName = serverName;
    this.policy = policy;
  }

  /** Whether any byte of the response being sent has reached the connection. */
  boolean committed() {
    return committed;
  }

  /** Forgets the last response: a new exchange begins. */
  void beginExchange() {
    lastStatus = 0;
    lastBodyBytes = 0;
  }

  /** The status of the last response this exchange tried to send, or 0 if none. */
  int lastStatus() {
    return lastStatus;
  }

  /**
   * The bytes that followed the last response's head onto the connection: its body (with chunk
   * framing), all of it or as far as it got.
   */
  long lastBodyBytes() {
    return lastBodyBytes;
  }

  /**
   * Sends a response. The response's header fields are completed in place.
   *
   * @param keepAlive whether the connection is to carry another request
   * @param headRequest whether the request was HEAD: headers only
   * @return whether the connection may carry another request after this response (false when the
   *     body's end can only be marked by closing it)
   * @throws IllegalArgumentException for a status or header a response may not carry
   */
  boolean send(HttpVersion version, HttpResponse response, boolean keepAlive, boolean headRequest)
      throws IOException {
    committed = false;
    ResponseBody body = response.body();
    long wireBefore = connection.bytesWritten();
    int headBytes = -1;
    boolean bodyExpected = false;
    boolean completed = false;
    try {
      int status = response.status();
      if (status < 200 || status > 599) {
        throw new IllegalArgumentException("a handler may not answer with status " + status);
      }
      lastStatus = status;
      HttpFields fields = response.headers();
      boolean bodyAllowed = status != 204 && status != 304;
      boolean chunked = false;
      fields.remove("Transfer-Encoding");
      if (status == 204) {
        fields.remove("Content-Length");
      } else if (status != 304) { // a 304 may keep the length its 200 would have had
        long length = body.length();
        if (length >= 0) {
          fields.set("Content-Length", Long.toString(length));
        } else {
          fields.remove("Content-Length");
          if (version == HttpVersion.HTTP_1_1) {
            fields.add("Transfer-Encoding", "chunked");
            chunked = true;
          } else {
            keepAlive = false; // HTTP/1.0 without a length: closing marks the end
          }
        }
      }
      policy.applyTo(fields);
      fields.set("Date", HttpDates.now());
      fields.set("Server", serverName);
      fields.remove("Connection");
      if (!keepAlive) {
        fields.add("Connection", "close");
      } else if (version == HttpVersion.HTTP_1_0) {
        fields.add("Connection", "keep-alive");
      }
      ByteBuffer head = heads.encode(version, status, fields);
      headBytes = head.remaining();
      bodyExpected = bodyAllowed && !headRequest;
      if (!bodyExpected) {
        lastWrite(keepAlive);
        write(head);
      } else {
        writeWithBody(head, body, chunked, keepAlive);
      }
      completed = true;
      return keepAlive;
    } finally {
      if (headBytes >= 0) {
        lastBodyBytes = bodyBytesSent(wireBefore, headBytes, bodyExpected && completed, body);
      }
      if (body instanceof ResponseBody.Region region && region.resource() != null) {
        closeQuietly(region.resource());
      }
    }
  }

  /**
   * What the connection took after the head, when the transport counts its bytes; otherwise the
   * body's length if it was sent in full, and nothing if it was not.
   */
  private long bodyBytesSent(long wireBefore, int headBytes, boolean sentWhole, ResponseBody body) {
    long wireAfter = connection.bytesWritten();
    if (wireBefore >= 0 && wireAfter >= 0) {
      return Math.max(0, wireAfter - wireBefore - headBytes);
    }
    return sentWhole ? Math.max(0, body.length()) : 0;
  }

  /** A short error response that ends the connection. Failures to send are only logged. */
  void sendError(HttpVersion version, int status, String safeReason, boolean headRequest) {
    sendError(version, ErrorResponses.of(status, safeReason), headRequest);
  }

  /** {@link #sendError(HttpVersion, int, String, boolean)} with a response of the caller's own. */
  void sendError(HttpVersion version, HttpResponse response, boolean headRequest) {
    try {
      send(version, response, false, headRequest);
    } catch (IOException | RuntimeException e) {
      log.debug(
          "Could not send {} to {}: {}",
          response.status(),
          connection.remoteAddress(),
          e.toString());
    }
  }

  private void writeWithBody(ByteBuffer head, ResponseBody body, boolean chunked, boolean keepAlive)
      throws IOException {
    switch (body) {
      case ResponseBody.Empty empty -> {
        lastWrite(keepAlive);
        write(head);
      }
      case ResponseBody.Bytes bytes -> {
        lastWrite(keepAlive);
        write(head, ByteBuffer.wrap(bytes.content()));
      }
      case ResponseBody.Region region -> {
        if (region.length() <= COALESCE_BYTES) {
          ByteBuffer content = readSmallRegion(region);
          lastWrite(keepAlive);
          write(head, content);
        } else {
          commit();
          connection.transfer(head, region.source(), region.position(), region.length());
        }
      }
      case ResponseBody.Streamed streamed -> {
        ConnectionOutputStream out =
            new ConnectionOutputStream(
                connection, head, bodyBuffer(), streamed.length(), chunked, this::commit);
        streamed.writer().writeTo(out);
        out.finish();
      }
    }
  }

  /**
   * Before the one write of a whole response: when the connection closes after it, the transport
   * may hold the bytes for the close, so that they leave with its FIN in one segment.
   */
  private void lastWrite(boolean keepAlive) {
    if (!keepAlive) {
      connection.lastWriteBeforeClose();
    }
  }

  /** Copies a small region into memory, so it can leave in the same write as the head. */
  private ByteBuffer readSmallRegion(ResponseBody.Region region) throws IOException {
    int length = (int) region.length();
    ByteBuffer target = ByteBuffer.wrap(bodyBuffer(), 0, length);
    smallRegion.target = target;
    try {
      while (target.hasRemaining()) {
        long copied =
            region
                .source()
                .transferTo(region.position() + target.position(), target.remaining(), smallRegion);
        if (copied <= 0) {
          throw new EOFException(
              "body ended after " + target.position() + " of " + length + " bytes");
        }
      }
    } finally {
      smallRegion.target = null;
    }
    return target.flip();
  }

  private byte[] bodyBuffer() {
    if (bodyBuffer == null) {
      bodyBuffer = new byte[Math.max(COALESCE_BYTES, STREAM_BUFFER_BYTES)];
    }
    return bodyBuffer;
  }

  private void write(ByteBuffer... buffers) throws IOException {
    commit();
    connection.write(buffers);
  }

  private void commit() {
    committed = true;
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      log.debug("close failed", e);
    }
  }

  /** A channel that fills one heap buffer: the target of a small region's transfer. */
  private static final class BufferChannel implements WritableByteChannel {
    ByteBuffer target;

    @Override
    public int write(ByteBuffer src) {
      int n = Math.min(src.remaining(), target.remaining());
      ByteBuffer slice = src.slice(src.position(), n);
      target.put(slice);
      src.position(src.position() + n);
      return n;
    }

    @Override
    public boolean isOpen() {
      return target != null;
    }

    @Override
    public void close() {}
  }
}
