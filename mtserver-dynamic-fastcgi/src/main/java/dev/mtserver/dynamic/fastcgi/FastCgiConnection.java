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
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to php-fpm, kept open between requests ({@code FCGI_KEEP_CONN}) by the {@link
 * ConnectionPool}. Used by one thread at a time, in one of two modes:
 *
 * <ul>
 *   <li><b>blocking</b> (a request without a body, and between requests): reads and writes wait in
 *       the socket, which a virtual thread does by parking, not by holding its carrier; the
 *       script's time limit is kept by the pool's watchdog, which {@link #cutIfOverdue cuts} the
 *       connection of a request past its deadline ({@link #watchUntil}), so the read waiting on it
 *       fails at once;
 *   <li><b>selecting</b> (a request with a body, {@link #selecting()} to {@link #blocking()}): a
 *       non-blocking socket with a selector of its own, so that the one thread can send the body
 *       and read the answer at the same time, and wait for either with a time limit.
 * </ul>
 *
 * <p>Costs one file descriptor while open, and two more (the selector's epoll instance and its
 * wake-up event) while it carries a request with a body.
 */
final class FastCgiConnection implements Closeable {

  /**
   * What is read from php-fpm at once; a record's content is handed on in parts of at most this.
   */
  static final int INPUT_BYTES = 32 * 1024;

  private static final Logger log = LoggerFactory.getLogger(FastCgiConnection.class);

  /** No request is watched: the watchdog leaves the connection alone. */
  private static final int UNWATCHED = 0;

  /** A request is on it, with a deadline. */
  private static final int WATCHED = 1;

  /** The watchdog cut it: its request ran past its deadline. */
  private static final int CUT = 2;

  private final long serial;
  private final SocketChannel channel;

  /** Only while a request with a body is on the connection (selecting mode); else null. */
  private Selector selector;

  private SelectionKey key;

  /** UNWATCHED, WATCHED or CUT: shared with the pool's watchdog thread. */
  private final AtomicInteger watch = new AtomicInteger(UNWATCHED);

  /** When a watched request is out of time ({@link System#nanoTime()}). */
  private volatile long deadline;

  /** Bytes from php-fpm not decoded yet, between position and limit (read mode). */
  private final ByteBuffer input = ByteBuffer.allocateDirect(INPUT_BYTES).flip();

  /** Reused by each request on this connection in turn; made at its first use. */
  private final RequestPrelude prelude = new RequestPrelude();

  private byte[] stdinChunk;

  private ByteBuffer stdinRecord;
  private byte[] outputBuffer;

  private long idleSince;
  private boolean closed;

  private FastCgiConnection(long serial, SocketChannel channel) {
    this.serial = serial;
    this.channel = channel;
  }

  /**
   * Connects, waiting at most {@code timeout} (a Unix socket connects or fails at once), and leaves
   * the connection in blocking mode.
   *
   * @param serial a number that names the connection in the log
   */
  static FastCgiConnection open(SocketAddress address, long serial, Duration timeout)
      throws IOException {
    boolean unix = address instanceof UnixDomainSocketAddress;
    SocketChannel channel =
        unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
    try {
      if (unix) {
        channel.connect(address);
      } else {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // records are written whole
        connectWithin(channel, address, timeout);
      }
      return new FastCgiConnection(serial, channel);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /**
   * A TCP connection that may take a while: connected without blocking, waited for on a selector.
   */
  private static void connectWithin(SocketChannel channel, SocketAddress address, Duration timeout)
      throws IOException {
    channel.configureBlocking(false);
    if (!channel.connect(address)) {
      try (Selector connecting = Selector.open()) {
        channel.register(connecting, SelectionKey.OP_CONNECT);
        connecting.select(Math.max(1, timeout.toMillis()));
        if (!channel.finishConnect()) {
          throw new SocketTimeoutException(
              "no connection to " + address + " within " + timeout.toMillis() + " ms");
        }
      } // closing the selector deregisters the channel, so it may block again
    }
    channel.configureBlocking(true);
  }

  /** The bytes read from php-fpm and not decoded yet (read mode: position to limit). */
  ByteBuffer input() {
    return input;
  }

  /**
   * Reads what php-fpm has sent after the undecoded bytes: in blocking mode waiting until something
   * comes, in selecting mode not. The caller must not hold views of {@link #input()} any more: its
   * content moves.
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

  /** Like {@link #read()}, but never waits, in either mode. */
  int readWithoutWaiting() throws IOException {
    if (selector != null) {
      return read();
    }
    channel.configureBlocking(false); // a flag only, once a virtual thread has used the socket
    try {
      return read();
    } finally {
      channel.configureBlocking(true);
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

  /**
   * Writes {@code bytes}: in blocking mode all of them, waiting for room; in selecting mode what
   * fits without waiting. Returns how many bytes it wrote.
   */
  int write(ByteBuffer bytes) throws IOException {
    return channel.write(bytes);
  }

  /** Writes what fits of {@code bytes} without waiting, in either mode. */
  int writeWithoutWaiting(ByteBuffer bytes) throws IOException {
    if (selector != null) {
      return write(bytes);
    }
    channel.configureBlocking(false);
    try {
      return write(bytes);
    } finally {
      channel.configureBlocking(true);
    }
  }

  /**
   * Selecting mode, for a request with a body: a non-blocking socket and a selector of its own (two
   * more file descriptors), until {@link #blocking()}.
   */
  void selecting() throws IOException {
    if (selector != null) {
      return;
    }
    selector = Selector.open();
    try {
      channel.configureBlocking(false);
      key = channel.register(selector, 0);
    } catch (IOException | RuntimeException e) {
      closeQuietly(selector);
      selector = null;
      throw e;
    }
  }

  /** Back to blocking mode, as a connection is kept between requests: closes the selector. */
  void blocking() throws IOException {
    if (selector == null) {
      return;
    }
    Selector done = selector;
    selector = null;
    key = null;
    done.close(); // deregisters the channel, which may then block again
    channel.configureBlocking(true);
  }

  /**
   * Has the pool's watchdog cut this connection once {@code deadlineNanos} ({@link
   * System#nanoTime()}) has passed, unless {@link #unwatch()} comes first. Called again, moves the
   * deadline. A connection already cut stays cut.
   */
  void watchUntil(long deadlineNanos) {
    deadline = deadlineNanos;
    watch.compareAndSet(UNWATCHED, WATCHED);
  }

  /**
   * Ends the watch.
   *
   * @return false if the watchdog cut the connection first: it cannot be kept
   */
  boolean unwatch() {
    return watch.compareAndExchange(WATCHED, UNWATCHED) != CUT;
  }

  /** True when the watchdog cut the connection because its request ran out of time. */
  boolean wasCut() {
    return watch.get() == CUT;
  }

  /**
   * The watchdog's check, from its own thread: closes the socket of a watched request past its
   * deadline, which makes the read or write waiting on it fail at once. The rest (the selector, the
   * pool's count) is closed by the request's own thread as it fails.
   *
   * @return true when it cut the connection
   */
  boolean cutIfOverdue(long now) {
    if (watch.get() != WATCHED || now - deadline < 0 || !watch.compareAndSet(WATCHED, CUT)) {
      return false;
    }
    closeQuietly(channel);
    return true;
  }

  /**
   * Waits until php-fpm has sent something (and, with {@code orWritable}, until the socket takes
   * more bytes), or {@code nanos} have passed.
   *
   * @return true when the socket is ready, false when the time passed (or the wait was cut short)
   */
  boolean await(boolean orWritable, long nanos) throws IOException {
    Objects.requireNonNull(selector, "only in selecting mode");
    key.interestOps(SelectionKey.OP_READ | (orWritable ? SelectionKey.OP_WRITE : 0));
    int ready = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    selector.selectedKeys().clear();
    return ready > 0;
  }

  /** Waits until the socket takes more bytes, or {@code nanos} have passed. */
  boolean awaitWritable(long nanos) throws IOException {
    Objects.requireNonNull(selector, "only in selecting mode");
    key.interestOps(SelectionKey.OP_WRITE);
    int ready = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    selector.selectedKeys().clear();
    return ready > 0;
  }

  /**
   * True when the connection can carry another request: nothing is left over from the last one,
   * and, if {@code look}, php-fpm has not closed its end (it does after {@code pm.max_requests}, or
   * when its worker exits) nor sent anything unasked, which costs one read that does not wait.
   */
  boolean canCarryAnotherRequest(boolean look) {
    if (closed || input.hasRemaining()) {
      return false;
    }
    if (!look) {
      return true;
    }
    try {
      return readWithoutWaiting() == 0;
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

  /** Closes the socket and the selector, if any. Idempotent; never throws. */
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
