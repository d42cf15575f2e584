package dev.mtserver.transport.socket;

import dev.mtserver.http.spi.ChannelTransfer;
import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.http.spi.ReadPhase;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;

/**
 * A {@link ClientConnection} over a blocking {@link SocketChannel}, with every read and write
 * under a deadline.
 *
 * <p>Reads go through the channel's socket adaptor with no {@code SO_TIMEOUT}: a plain blocking
 * {@code read(2)}, one system call. Writes and {@code transferTo} use the channel itself, so file
 * bodies reach the socket through {@code sendfile(2)}. Neither can time out by itself (a timed
 * adaptor read costs four {@code fcntl} calls and a {@code poll} per read, and Java has no
 * {@code SO_SNDTIMEO}), so each read and each write records its deadline here, and the {@link
 * DeadlineWatchdog} thread enforces it: an expired read is woken by {@code shutdownInput} and
 * reported as a {@link SocketTimeoutException}; an expired write is woken by closing the channel.
 * See {@code docs/adr/0006-deadline-watchdog.md}.
 *
 * <p>The deadline of a read depends on the {@link ReadPhase}: the idle timeout between requests,
 * one fixed deadline for a whole request head (so a client dribbling a byte at a time is cut off),
 * the body timeout between body reads. A write's deadline restarts with each chunk of at most
 * {@link #WRITE_CHUNK} bytes that reaches the kernel: a client that reads slowly but steadily is
 * never cut off, one that stops reading is.
 *
 * <p>The fields shared with the watchdog and the shutdown thread are guarded by {@code this}; the
 * rest belongs to the worker thread that owns the connection.
 */
final class SocketConnection implements ClientConnection {

  /** The most bytes handed to one write or sendfile call: the unit of write progress. */
  static final int WRITE_CHUNK = 256 * 1024;
  /**
   * File transfers of at least this many bytes are sent corked ({@link TcpCork}). sendfile hands
   * a file to TCP in 64 KiB batches, each ending in a short segment unless corked; below two
   * batches the two extra system calls cost more than the packets they save.
   */
  static final long CORK_MIN_BYTES = 128 * 1024;
  /**
   * The most bytes read and discarded while lingering before a close: enough for a client still
   * sending a refused upload to notice the response, not enough to be a sink for abuse.
   */
  private static final int LINGER_MAX_BYTES = 4 << 20;

  /** Why reads stopped early. */
  private enum Interruption {
    /** A read deadline passed; reads now fail with {@link SocketTimeoutException}. */
    TIMEOUT,
    /**
     * The connection was closed while it waited for its next request: the server is draining, or
     * needed its permit for a new connection. Reads now see end of stream.
     */
    IDLE_CLOSE
  }

  private final SocketChannel channel;
  private final InputStream socketInput;
  private final InputStream input = new DeadlineInput();
  private final WritableByteChannel parkingWriter = new ParkingWriter();
  private final GatheringWriter.Bracket writeBracket = new GatheringWriter.Bracket() {
    @Override
    public void begin() {
      beginWrite();
    }

    @Override
    public void end() {
      endWrite();
    }
  };
  private final ServingContext context;
  private final TrafficCounters traffic;
  private final TransportConfig config;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;

  // Owned by the worker thread.
  private ReadPhase phase = ReadPhase.IDLE;
  private long headerDeadline;
  private boolean sawEndOfStream;
  private boolean lingerRequested;
  private long written;

  // Shared with the watchdog and shutdown threads: guarded by this.
  private boolean reading;
  private boolean readIsIdleWait;
  private ReadPhase readingPhase;
  private long readDeadline;
  private boolean timeoutCounted;
  private Interruption readInterruption;
  private boolean writing;
  private long writeDeadline;
  private boolean writeTimedOut;
  private boolean aborted;

  SocketConnection(SocketChannel channel, ServingContext context) throws IOException {
    this.channel = channel;
    this.context = context;
    this.traffic = context.traffic();
    this.config = context.config();
    this.remote = (InetSocketAddress) channel.getRemoteAddress();
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.socketInput = channel.socket().getInputStream();
    channel.socket().setTcpNoDelay(true);
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public void readPhase(ReadPhase next) {
    phase = next;
    if (next == ReadPhase.HEADER) {
      // Every request, well-formed or not, enters HEADER exactly once: the count of requests.
      headerDeadline = System.nanoTime() + config.headerTimeout().toNanos();
      context.requestStarted();
    }
  }

  @Override
  public void lingerOnClose() {
    lingerRequested = true;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public boolean draining() {
    return context.draining();
  }

  // ---------------------------------------------------------------- reads

  private int read(byte[] b, int off, int len) throws IOException {
    ReadPhase current = phase;
    long now = System.nanoTime();
    long deadline = switch (current) {
      case IDLE -> now + config.idleTimeout().toNanos();
      case HEADER -> headerDeadline;
      case BODY -> now + config.bodyTimeout().toNanos();
    };
    return readBefore(b, off, len, deadline, current);
  }

  /**
   * One read of the socket that the watchdog interrupts at {@code deadline}.
   *
   * @param phase what the read waits for; {@code null} while lingering before a close
   */
  // Throwing from the finally block is the point: once the deadline has woken the read, the
  // timeout is the cause of whatever the read then ended with.
  @SuppressWarnings("Finally")
  private int readBefore(byte[] b, int off, int len, long deadline, ReadPhase phase)
      throws IOException {
    synchronized (this) {
      if (readInterruption != null) {
        return afterInterruption(phase);
      }
      if (System.nanoTime() - deadline >= 0) {
        countTimeout(phase);
        throw timeout(phase); // a head still incomplete at its deadline, read by read
      }
      if (phase == ReadPhase.IDLE && context.draining()) {
        // Checked under the lock that closeIfIdle() takes after setting the draining flag, so a
        // worker can never start an idle wait that the shutdown thread missed.
        readInterruption = Interruption.IDLE_CLOSE;
        return -1;
      }
      reading = true;
      readIsIdleWait = phase == ReadPhase.IDLE || phase == null; // waiting for a request, or lingering
      readingPhase = phase;
      readDeadline = deadline;
    }
    int n = -1;
    try {
      n = socketInput.read(b, off, len);
    } finally {
      synchronized (this) {
        reading = false;
        if (readInterruption == Interruption.TIMEOUT && n < 0) {
          throw timeout(phase); // woken by shutdownInput(): the deadline passed, not the client
        }
        if (readInterruption == Interruption.IDLE_CLOSE) {
          n = -1; // a request racing the drain is dropped unread, like any closed keep-alive
        }
      }
    }
    if (n < 0) {
      sawEndOfStream = true;
    } else {
      traffic.received.add(n);
    }
    return n;
  }

  /** Counts a timeout once per connection (one timeout ends it), by the phase it happened in. */
  private synchronized void countTimeout(ReadPhase phase) {
    if (!timeoutCounted && phase != null) {
      timeoutCounted = true;
      traffic.readTimedOut(phase);
    }
  }

  private int afterInterruption(ReadPhase phase) throws SocketTimeoutException {
    if (readInterruption == Interruption.TIMEOUT) {
      throw timeout(phase);
    }
    return -1;
  }

  private SocketTimeoutException timeout(ReadPhase phase) {
    String what = phase == null ? "lingering close"
        : switch (phase) {
          case IDLE -> "keep-alive idle timeout (" + Durations.format(config.idleTimeout()) + ")";
          case HEADER -> "request head deadline (" + Durations.format(config.headerTimeout()) + ")";
          case BODY -> "request body timeout (" + Durations.format(config.bodyTimeout()) + ")";
        };
    return new SocketTimeoutException(what + " passed for " + remote);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void write(ByteBuffer... buffers) throws IOException {
    long before = remaining(buffers);
    try {
      GatheringWriter.writeFully(channel, buffers, WRITE_CHUNK, writeBracket);
    } catch (ClosedChannelException e) {
      throw writeFailure(e);
    } finally {
      wrote(before - remaining(buffers)); // what the kernel took, even from a write that failed
    }
  }

  private static long remaining(ByteBuffer[] buffers) {
    long total = 0;
    for (ByteBuffer buffer : buffers) {
      total += buffer.remaining();
    }
    return total;
  }

  private void wrote(long bytes) {
    if (bytes > 0) {
      written += bytes;
      traffic.sent.add(bytes);
    }
  }

  @Override
  public long bytesWritten() {
    return written;
  }

  @Override
  public void transfer(ChannelTransfer body, long position, long count) throws IOException {
    boolean corked = count >= CORK_MIN_BYTES && cork(true);
    try {
      send(body, position, count);
    } finally {
      if (corked) {
        cork(false); // sends the last partial segment now, not after the kernel's 200 ms
      }
    }
  }

  private void send(ChannelTransfer body, long position, long count) throws IOException {
    long sent = 0;
    while (sent < count) {
      long n;
      beginWrite();
      try {
        // The target is the SocketChannel itself: FileChannel.transferTo then uses sendfile(2).
        n = body.transferTo(position + sent, Math.min(count - sent, WRITE_CHUNK), channel);
        if (n == 0) {
          // Either the body ended early, or the socket is in non-blocking mode (always so on a
          // virtual thread) and its send buffer is full: sendfile then returns EAGAIN, which the
          // JDK reports as 0. One byte through an ordinary channel write waits for room (parking
          // a virtual thread) and tells the two apart.
          n = body.transferTo(position + sent, 1, parkingWriter);
        }
      } catch (ClosedChannelException e) {
        throw writeFailure(e);
      } finally {
        endWrite();
      }
      if (n <= 0) {
        throw new EOFException("body ended after " + sent + " of " + count + " bytes");
      }
      wrote(n);
      sent += n;
    }
  }

  /**
   * Corks or uncorks the socket ({@link TcpCork}); false if it could not be done. Synchronized like
   * every close of the channel ({@link #closeQuietly}), because the option is set on the bare
   * descriptor number, which a concurrent close could give to another file.
   */
  private synchronized boolean cork(boolean corked) {
    if (!context.cork().available() || !channel.isOpen()) {
      return false;
    }
    try {
      context.cork().set(channel, corked);
      return true;
    } catch (IOException e) {
      return false; // the connection is failing; the transfer or the next write reports it
    }
  }

  private synchronized void beginWrite() {
    writing = true;
    writeDeadline = System.nanoTime() + config.writeTimeout().toNanos();
  }

  private synchronized void endWrite() {
    writing = false;
  }

  private synchronized IOException writeFailure(ClosedChannelException e) {
    if (writeTimedOut) {
      SocketTimeoutException timeout = new SocketTimeoutException(
          "write to " + remote + " made no progress for " + Durations.format(config.writeTimeout()));
      timeout.initCause(e);
      return timeout;
    }
    return e;
  }

  // ---------------------------------------------------------------- other threads

  /**
   * Called by the watchdog: interrupts a read or a write whose deadline has passed.
   */
  synchronized void enforceDeadlines(long now) {
    if (reading && readInterruption == null && now - readDeadline >= 0) {
      readInterruption = Interruption.TIMEOUT;
      countTimeout(readingPhase);
      shutdownInputQuietly();
    }
    if (writing && !writeTimedOut && now - writeDeadline >= 0) {
      writeTimedOut = true;
      traffic.writeTimeouts.increment();
      closeQuietly();
    }
  }

  /**
   * Closes the connection if it is waiting for its next request, or lingering before its close
   * (its worker then sees end of stream and ends): when a graceful shutdown starts, or when the
   * server needs the connection's permit for a new one. A connection busy with a request is left
   * alone; during a shutdown it sees {@link #draining()} when its response is done.
   */
  synchronized boolean closeIfIdle() {
    if (reading && readIsIdleWait && readInterruption == null) {
      readInterruption = Interruption.IDLE_CLOSE;
      shutdownInputQuietly();
      return true;
    }
    return false;
  }

  /**
   * When this connection's wait for its next request (or its lingering close) runs out, for
   * choosing which idle connection to close first; {@link Long#MAX_VALUE} when it is not waiting
   * idle. The earliest deadline belongs to the connection that has been idle longest.
   */
  synchronized long idleWaitDeadline() {
    return reading && readIsIdleWait && readInterruption == null ? readDeadline : Long.MAX_VALUE;
  }

  /** Cuts the connection off at once: its blocked read or write fails with an IOException. */
  void abort() {
    synchronized (this) {
      aborted = true;
    }
    closeQuietly();
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the connection after the handler finished with it. When the handler said the client
   * may still be sending ({@link #lingerOnClose}) and the client has not closed its side, this
   * sends FIN first and then reads and discards what the client still sends, for at most {@code
   * closeLinger}, until the client closes: closing a socket with unread input makes the kernel
   * send a reset, which can destroy the end of the response before the client read it. Otherwise
   * (the usual case: every request read to its end) it closes at once, as nginx does, and the
   * worker is free a round trip sooner.
   */
  void closeGracefully() {
    try {
      Duration linger = config.closeLinger();
      boolean lingerUseful;
      synchronized (this) {
        lingerUseful = !aborted && readInterruption == null && channel.isOpen();
      }
      if (lingerRequested && lingerUseful && !sawEndOfStream && linger.isPositive()) {
        channel.shutdownOutput();
        long until = System.nanoTime() + linger.toNanos();
        byte[] discard = new byte[8192];
        int total = 0;
        int n;
        while (total < LINGER_MAX_BYTES && (n = readBefore(discard, 0, discard.length, until, null)) >= 0) {
          total += n;
        }
      }
    } catch (IOException e) {
      // the client reset or the linger ran out: nothing more to deliver either way
    } finally {
      closeQuietly();
    }
  }

  /** Closes the socket; never throws. */
  synchronized void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the connection is gone either way
    }
  }

  private void shutdownInputQuietly() {
    try {
      channel.shutdownInput();
    } catch (IOException ignored) {
      // already closed: the blocked read has failed anyway
    }
  }

  /** The socket's input, each read under the current phase's deadline. Closing it does nothing. */
  private final class DeadlineInput extends InputStream {
    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
      int n;
      while ((n = SocketConnection.this.read(one, 0, 1)) == 0) {
        // a blocking read never returns 0 bytes for a 1-byte request; loop defensively
      }
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      return SocketConnection.this.read(b, off, len);
    }

    @Override
    public int available() throws IOException {
      return socketInput.available();
    }

    @Override
    public void close() {
      // the transport closes the connection when the handler returns
    }
  }

  /**
   * An ordinary (not zero-copy) writer to the socket, used for the one byte that waits for room
   * when sendfile would block. It is deliberately not a SocketChannel.
   */
  private final class ParkingWriter implements WritableByteChannel {
    @Override
    public int write(ByteBuffer src) throws IOException {
      return channel.write(src);
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() {
      // the connection owns the channel
    }
  }
}
