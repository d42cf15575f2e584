package dev.mtserver.dynamic.fastcgi;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to php-fpm: a non-blocking socket with a selector of its own, so that the one
 * thread using it can send a request body and read the answer at the same time, and wait for either
 * with a time limit — without a thread of its own. Kept open between requests ({@code
 * FCGI_KEEP_CONN}) by the {@link ConnectionPool}.
 *
 * <p>Costs three file descriptors while open: the socket, the selector's epoll instance and its
 * wake-up event. Used by one thread at a time.
 */
final class FastCgiConnection implements Closeable {

  /**
   * What is read from php-fpm at once; a record's content is handed on in parts of at most this.
   */
  static final int INPUT_BYTES = 32 * 1024;

  private static final Logger log = LoggerFactory.getLogger(FastCgiConnection.class);

  private final long serial;
  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;

  /** Bytes from php-fpm not decoded yet, between position and limit (read mode). */
  private final ByteBuffer input = ByteBuffer.allocateDirect(INPUT_BYTES).flip();

  /** Reused by each request on this connection in turn; made at its first use. */
  private final RequestPrelude prelude = new RequestPrelude();

  private byte[] stdinChunk;

  private ByteBuffer stdinRecord;
  private byte[] outputBuffer;

  private long idleSince;
  private boolean closed;

  private FastCgiConnection(
      long serial, SocketChannel channel, Selector selector, SelectionKey key) {
    this.serial = serial;
    this.channel = channel;
    this.selector = selector;
    this.key = key;
  }

  /**
   * Connects, waiting at most {@code timeout} (a Unix socket connects or fails at once).
   *
   * @param serial a number that names the connection in the log
   */
  static FastCgiConnection open(SocketAddress address, long serial, Duration timeout)
      throws IOException {
    boolean unix = address instanceof UnixDomainSocketAddress;
    SocketChannel channel =
        unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    Selector selector = null;
    try {
      if (!unix) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // records are written whole
      }
      channel.configureBlocking(false);
      selector = Selector.open();
      SelectionKey key = channel.register(selector, 0);
      if (!channel.connect(address)) {
        key.interestOps(SelectionKey.OP_CONNECT);
        selector.select(Math.max(1, timeout.toMillis()));
        selector.selectedKeys().clear();
        if (!channel.finishConnect()) {
          throw new SocketTimeoutException(
              "no connection to " + address + " within " + timeout.toMillis() + " ms");
        }
      }
      key.interestOps(0);
      return new FastCgiConnection(serial, channel, selector, key);
    } catch (IOException | RuntimeException e) {
      closeQuietly(selector);
      closeQuietly(channel);
      throw e;
    }
  }

  /** The bytes read from php-fpm and not decoded yet (read mode: position to limit). */
  ByteBuffer input() {
    return input;
  }

  /**
   * Reads what php-fpm has sent, without waiting, after the undecoded bytes. The caller must not
   * hold views of {@link #input()} any more: its content moves.
   *
   * @return the number of bytes read (0 when none were waiting), or -1 at the end of the stream
   */
  int read() throws IOException {
    input.compact();
    try {
      return channel.read(input);
    } finally {
      input.flip();
    }
  }

  /** Writes the opening records of this connection's requests, into a buffer it reuses. */
  RequestPrelude prelude() {
    return prelude;
  }

  /**
   * The array a request's body is read into, {@link FastCgiExchange#STDIN_CHUNK_BYTES} long: one
   * per connection, not one per request, since a connection carries one request at a time.
   */
  byte[] stdinChunk() {
    if (stdinChunk == null) {
      stdinChunk = new byte[FastCgiExchange.STDIN_CHUNK_BYTES];
    }
    return stdinChunk;
  }

  /** The buffer a part of the body is framed in: room for one full record and the end record. */
  ByteBuffer stdinRecord() {
    if (stdinRecord == null) {
      stdinRecord =
          ByteBuffer.allocate(
              Records.recordLength(FastCgiExchange.STDIN_CHUNK_BYTES) + Records.HEADER_LENGTH);
    }
    return stdinRecord.clear();
  }

  /**
   * The array the answer's body is read into on its way to the client, {@link
   * FastCgiScriptRunner#READ_AHEAD_BYTES} long; its user must be done with it when its request
   * ends.
   */
  byte[] outputBuffer() {
    if (outputBuffer == null) {
      outputBuffer = new byte[FastCgiScriptRunner.READ_AHEAD_BYTES];
    }
    return outputBuffer;
  }

  /** Writes what it can of {@code bytes} without waiting; returns how many bytes it wrote. */
  int write(ByteBuffer bytes) throws IOException {
    return channel.write(bytes);
  }

  /**
   * Waits until php-fpm has sent something (and, with {@code orWritable}, until the socket takes
   * more bytes), or {@code nanos} have passed.
   *
   * @return true when the socket is ready, false when the time passed (or the wait was cut short)
   */
  boolean await(boolean orWritable, long nanos) throws IOException {
    key.interestOps(SelectionKey.OP_READ | (orWritable ? SelectionKey.OP_WRITE : 0));
    int ready = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    selector.selectedKeys().clear();
    return ready > 0;
  }

  /** Waits until the socket takes more bytes, or {@code nanos} have passed. */
  boolean awaitWritable(long nanos) throws IOException {
    key.interestOps(SelectionKey.OP_WRITE);
    int ready = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    selector.selectedKeys().clear();
    return ready > 0;
  }

  /**
   * True when the connection can carry another request: nothing is left over from the last one, and
   * php-fpm has not closed its end (it does after {@code pm.max_requests}, or when its worker
   * exits) nor sent anything unasked. Costs one read that does not wait.
   */
  boolean canCarryAnotherRequest() {
    if (closed || input.hasRemaining()) {
      return false;
    }
    try {
      return read() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Marks the moment the connection went back to the pool. */
  void idleFrom(long nanoTime) {
    idleSince = nanoTime;
  }

  /** When the connection went back to the pool ({@link System#nanoTime()}). */
  long idleSince() {
    return idleSince;
  }

  boolean isOpen() {
    return !closed;
  }

  /** Closes the socket and the selector. Idempotent; never throws. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(selector);
    closeQuietly(channel);
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (IOException e) {
        log.debug("close failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "php-fpm connection #" + serial;
  }
}
