package dev.mtserver.http.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One accepted connection as the HTTP engine sees it: a byte stream in, a byte sink out, and a
 * little about the peer. Implemented by a transport; used only on the owning worker thread.
 */
public interface ClientConnection {

  /**
   * The bytes the client sends. Reads block; they throw {@link java.net.SocketTimeoutException}
   * when the current {@link ReadPhase}'s timeout expires, and return -1 at end of stream.
   */
  InputStream input();

  /** Tells the transport what the next reads wait for, which selects their timeout. */
  void readPhase(ReadPhase phase);

  /**
   * Writes every remaining byte of {@code buffers}, in order, as few system calls as possible (a
   * gathering write). A write that makes no progress for the transport's write timeout fails with
   * an {@link IOException} and the connection is closed.
   */
  void write(ByteBuffer... buffers) throws IOException;

  /**
   * Sends {@code count} bytes of {@code body} starting at {@code position}, zero-copy where the
   * transport can, under the same write timeout as {@link #write}.
   *
   * @throws java.io.EOFException if the body ends before {@code count} bytes were sent
   */
  void transfer(ChannelTransfer body, long position, long count) throws IOException;

  /**
   * Writes every remaining byte of {@code head}, then sends {@code count} bytes of {@code body} as
   * {@link #transfer(ChannelTransfer, long, long)} does: a response head and its file body. A
   * transport that can should send them as one stream of full-sized packets, so that the head does
   * not leave alone in a packet of its own (the client would wake up for it, and again for the
   * body). The default writes, then transfers.
   *
   * @throws java.io.EOFException if the body ends before {@code count} bytes were sent
   */
  default void transfer(ByteBuffer head, ChannelTransfer body, long position, long count)
      throws IOException {
    write(head);
    transfer(body, position, count);
  }

  /**
   * Says that the client may still be sending when this connection ends: an unread request body,
   * the rest of a refused request, or a pipelined request behind the last answered one. Before
   * closing, the transport should then read and discard for a moment (a lingering close), because
   * closing a socket with unread input makes the kernel send a reset that can destroy the end of
   * the response before the client has read it. Without this call the transport may close at once.
   */
  default void lingerOnClose() {}

  /**
   * Says that the next {@link #write} carries a whole response and is the last before this
   * connection closes. The transport may hold those bytes back until the close, so that a short
   * response leaves in one TCP segment together with the connection's end (its FIN) instead of one
   * segment before it: a packet fewer each way and a wake-up fewer for the client, which is what
   * nginx's {@code tcp_nopush} gives a closing connection. The engine never calls it before a
   * streamed body, whose bytes must leave as they are written.
   */
  default void lastWriteBeforeClose() {}

  /**
   * How many bytes this connection has handed to the kernel so far, in {@link #write} and {@link
   * #transfer}, counting those of a write or transfer that failed part-way. The engine reads it
   * before and after a response to log the bytes a client really got. The default, -1, means the
   * transport does not count; the engine then assumes a completed response went out whole and a
   * failed one not at all.
   */
  default long bytesWritten() {
    return -1;
  }

  /** The client's address and port. */
  InetSocketAddress remoteAddress();

  /** The local address and port the client connected to. */
  InetSocketAddress localAddress();

  /**
   * True once the server has begun a graceful shutdown: finish the current response with {@code
   * Connection: close} and read no further request.
   */
  boolean draining();
}
