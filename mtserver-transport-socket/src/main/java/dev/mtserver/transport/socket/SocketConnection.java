package dev.mtserver.transport.socket;

import dev.mtserver.http.spi.ChannelTransfer;
import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.http.spi.ReadPhase;
import dev.mtserver.transport.tls.PlainHttpDetector;
import dev.mtserver.transport.tls.ServerTls;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A {@link ClientConnection} over a blocking {@link SocketChannel}, with every read and write under
 * a deadline.
 *
 * <p>Reads go through the channel's socket adaptor with no {@code SO_TIMEOUT}: a plain blocking
 * {@code read(2)}, one system call. Writes and {@code transferTo} use the channel itself, so file
 * bodies reach the socket through {@code sendfile(2)}. Neither can time out by itself (a timed
 * adaptor read costs four {@code fcntl} calls and a {@code poll} per read, and Java has no {@code
 * SO_SNDTIMEO}), so each read and each write records its deadline here, and the {@link
 * DeadlineWatchdog} thread enforces it: an expired read is woken by {@code shutdownInput} and
 * reported as a {@link SocketTimeoutException}; an expired write is woken by closing the channel.
 * See {@code docs/adr/0006-deadline-watchdog.md}.
 *
 * <p>The deadline of a read depends on the {@link ReadPhase} the engine announced ({@link
 * ReadPhases}, the worker's own): the idle timeout between requests, one fixed deadline for a whole
 * request head (so a client dribbling a byte at a time is cut off), the body timeout between body
 * reads — and, for a body, no later than its {@link BodyAllowance} says: a body that falls behind
 * the minimum body rate is cut off too, however regularly its bytes come. A write's deadline
 * restarts with each chunk of at most {@link #WRITE_CHUNK} bytes that reaches the kernel: a client
 * that reads slowly but steadily is never cut off, one that stops reading is.
 *
 * <p>What the watchdog and the shutdown thread share with the worker is two small state machines,
 * {@link ReadDeadline} and {@link WriteDeadline}, guarded by {@code this} (as is every close of the
 * channel); the rest belongs to the worker thread that owns the connection.
 *
 * <p>On a TLS listener the worker first calls {@link #startTls} (ADR 0039): the handshake runs on
 * the worker within the request head's deadline, and from then on reads and writes go through a
 * {@link TlsLayer}; the engine above sees the same plain bytes either way.
 */
final class SocketConnection implements ClientConnection, Reclaimable {

  /**
   * The most bytes handed to one write call, and to one sendfile call on a platform thread: the
   * unit of write progress.
   */
  static final int WRITE_CHUNK = 256 * 1024;

  /**
   * The most bytes one {@code sendfile} call is offered on a virtual thread, nginx's {@code
   * sendfile_max_chunk}. There the socket is non-blocking: the call takes what the send buffer has
   * room for and returns, so offering more than {@link #WRITE_CHUNK} never holds the thread longer,
   * and a large file takes a call per buffer-full instead of one per chunk: on a 100 MiB download,
   * 476 {@code sendfile} calls became 87, with as many fewer of the {@code fstat} and the failing
   * {@code copy_file_range} the JDK makes before each (docs/benchmarks.md). A platform thread's
   * blocking call waits until all it was offered is in, and the write deadline restarts per call,
   * so there it stays {@link #WRITE_CHUNK}.
   */
  static final int NONBLOCKING_SEND_CHUNK = 2 * 1024 * 1024;

  /**
   * File transfers of at least this many bytes are sent corked ({@link TcpCork}) on a platform
   * thread ({@link #corksFiles}). sendfile hands a file to TCP in 64 KiB batches, each ending in a
   * short segment unless corked; below two batches the two extra system calls cost more than the
   * packets they save.
   */
  static final long CORK_MIN_BYTES = 128 * 1024;

  /**
   * The most bytes read and discarded while lingering before a close: enough for a client still
   * sending a refused upload to notice the response, not enough to be a sink for abuse.
   */
  private static final int LINGER_MAX_BYTES = 4 << 20;

  private final SocketChannel channel;
  private final InputStream rawInput;
  private InputStream socketInput; // the raw input, or the TLS layer's once its handshake is done
  private TlsLayer tls; // set by startTls: null on a plain connection
  private final InputStream input = new DeadlineInput();
  private final WritableByteChannel parkingWriter = new ParkingWriter();
  private final GatheringWriter.Bracket writeBracket =
      new GatheringWriter.Bracket() {
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
  private final ReadPhases phases;
  private boolean sawEndOfStream;
  private boolean lingerRequested;
  private long written;

  // Shared with the watchdog and shutdown threads: guarded by this.
  /**
   * The most a write of buffers (or, over TLS, of a file) may carry on a leading thread before the
   * lead passes on: a fresh socket's send buffer (Linux's {@code tcp_wmem} default, 16 KiB) takes
   * that much without waiting. Such a write parks inside the JDK when the buffer fills, so the lead
   * passes before it; a plain sendfile tells when it comes back short, and passes then ({@link
   * #send}).
   */
  static final int LEADER_WRITE_BYTES = 16 * 1024;

  /** While this connection is served by the thread that leads the accept loop; else null. */
  private Leadership leadership;

  /** How the leader's connection reads first ({@link #passLeadBeforeWaiting}). */
  private enum FirstRead {
    /**
     * The accepting thread saw the first bytes waiting ({@code FIONREAD}) before it chose to serve
     * the connection: the read cannot wait, so it needs no second look.
     */
    BYTES_THERE,
    /**
     * The connection had sent nothing when accepted: the read waits for the first bytes, keeping
     * the lead until the watcher passes it ({@link FirstBytesWait}).
     */
    AWAIT_WITH_LEAD,
    /** Any other read: after the first, and on a connection handed to a worker. */
    ORDINARY
  }

  /** How the next read goes; back to {@link FirstRead#ORDINARY} after the first. */
  private FirstRead firstRead = FirstRead.ORDINARY;

  /**
   * Whether {@code TCP_NODELAY} is set: from the connection's second write on (see {@link #write}).
   */
  private boolean noDelay;

  /** Whether {@link #lastWriteBeforeClose} corked the socket: the close must send what it holds. */
  private boolean corkedForClose;

  private final ReadDeadline readDeadline = new ReadDeadline();
  private final WriteDeadline writeDeadline = new WriteDeadline();

  SocketConnection(SocketChannel channel, ServingContext context) throws IOException {
    this.channel = channel;
    this.context = context;
    this.traffic = context.traffic();
    this.config = context.config();
    this.remote = (InetSocketAddress) channel.getRemoteAddress();
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.rawInput = channel.socket().getInputStream();
    this.socketInput = rawInput;
    this.phases = new ReadPhases(config, context::requestStarted);
  }

  @Override
  public InputStream input() {
    return input;
  }

  /** Entering {@link ReadPhase#HEADER} starts (and counts) a request: see {@link ReadPhases}. */
  @Override
  public void readPhase(ReadPhase next) {
    phases.enter(next);
  }

  /**
   * This connection is served by the thread that accepted it and leads the accept loop ({@link
   * Leadership}): before this connection would make it wait — a read with nothing yet to read, a
   * write larger than {@link #LEADER_WRITE_BYTES}, a sendfile the send buffer did not take whole —
   * the lead passes to another thread. While the process is quiet, a later read with nothing to
   * read yet first waits for at most {@link Leadership#PASS_AFTER} in the kernel, keeping the lead
   * ({@link #nextBytesThere}).
   *
   * @param firstBytesThere whether the accept loop saw the first bytes waiting (the first read is
   *     then not checked); if not, the first read waits for them with the lead ({@link
   *     FirstBytesWait})
   */
  void passLeadBeforeWaiting(Leadership leadership, boolean firstBytesThere) {
    this.leadership = leadership;
    this.firstRead = firstBytesThere ? FirstRead.BYTES_THERE : FirstRead.AWAIT_WITH_LEAD;
  }

  /** Passes the lead on if this thread still holds it; {@code waitLikely} says whether to. */
  private void passLeadIf(boolean waitLikely) {
    if (!leadership.leads(Thread.currentThread())) {
      leadership = null; // the watcher passed it already
    } else if (waitLikely) {
      leadership.passOn(Thread.currentThread());
      leadership = null;
    }
  }

  /**
   * Whether the next bytes are there for the leader to read, on the leader's connection only. If
   * the read is for a kept-alive connection's next request and the process is quiet, the leader
   * waits for them in the kernel for at most {@link Leadership#PASS_AFTER}, keeping the lead, as it
   * waits for a new connection's first bytes ({@link QuietWait#awaitBytes}; one {@code poll}, which
   * returns at once when they are there): a kept-alive connection's next request, or its close,
   * usually comes within that (a browser's next request, {@code curl} closing once it has the
   * body), and the lead that would otherwise pass here woke another carrier for a follower and
   * parked this connection in the JDK's poller, whose wake-up at the close took two more threads. A
   * new connection meanwhile waits in the backlog for at most that long, as it may while the leader
   * serves. Otherwise, and when that wait runs out, it looks once without waiting ({@code ioctl},
   * {@code FIONREAD}).
   */
  private boolean nextBytesThere(ReadWait wait) throws IOException {
    // A body or a head in parts means a slow client, and the JDK's wait is for that; awaitBytes
    // declines where the kernel wait is unavailable or the process is busy. Its poll returns at
    // once when the bytes are there already, so only when it declines or runs out does FIONREAD
    // look again: one system call per kept-alive wait, not two.
    if (wait == ReadWait.NEXT_REQUEST
        && leadership.leads(Thread.currentThread())
        && context.quietWait().awaitBytes(channel, Leadership.PASS_AFTER)) {
      return true;
    }
    return socketInput.available() > 0;
  }

  @Override
  public void lingerOnClose() {
    lingerRequested = true;
  }

  /**
   * Corks the socket ({@link TcpCork}) for the last write of a whole response: its bytes then wait
   * in the kernel for the close (or the lingering close's shutdown), which sends them together with
   * the FIN. A short response costs one segment fewer, and the client one wake-up fewer: {@code ab}
   * against the 1 KiB file received 4 segments per connection where nginx sent 3. The cork's own
   * 200 ms ceiling bounds the wait should the close be late. Not over TLS, whose close first sends
   * its own alert.
   */
  @Override
  public void lastWriteBeforeClose() {
    if (tls == null) {
      corkedForClose = cork(true);
    }
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
    long now = System.nanoTime();
    ReadWait wait = phases.waitingFor();
    return wait == ReadWait.BODY
        ? readBody(b, off, len, now)
        : readBefore(b, off, len, phases.deadline(now), wait);
  }

  /**
   * A body read: the body timeout applies, or the body's allowance under the minimum rate if that
   * runs out first (at once, if it has already). The time the read waited is charged to the
   * allowance, and the bytes it brought earn more.
   */
  private int readBody(byte[] b, int off, int len, long now) throws IOException {
    int n = 0;
    try {
      n = readBefore(b, off, len, phases.deadline(now), ReadWait.BODY);
      return n;
    } finally {
      phases.bodyRead(System.nanoTime() - now, n);
    }
  }

  /** One read of the socket that the watchdog interrupts at {@code deadline}. */
  // Throwing from the finally block is the point: once the deadline has woken the read, the
  // timeout is the cause of whatever the read then ended with.
  @SuppressWarnings("Finally")
  private int readBefore(byte[] b, int off, int len, long deadline, ReadWait wait)
      throws IOException {
    FirstRead read = firstRead;
    firstRead = FirstRead.ORDINARY;
    boolean awaitFirstBytes = false;
    switch (read) {
      case BYTES_THERE -> {} // the accept loop's FIONREAD found them: one ioctl fewer
      case AWAIT_WITH_LEAD -> {
        if (leadership.leads(Thread.currentThread())) {
          awaitFirstBytes = true;
        } else {
          leadership = null; // the watcher passed it already: an ordinary read
        }
      }
      case ORDINARY -> {
        if (leadership != null) {
          passLeadIf(!nextBytesThere(wait));
        }
      }
    }
    synchronized (this) {
      if (readDeadline.stopped()) {
        return afterStop(wait);
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        countTimeout(wait);
        throw timeout(wait); // a head still incomplete at its deadline, read by read
      }
      if (wait == ReadWait.NEXT_REQUEST && context.draining()) {
        // Checked under the lock that closeIfIdle() takes after setting the draining flag, so a
        // worker can never start an idle wait that the shutdown thread missed.
        readDeadline.closeBeforeIdleWait();
        return -1;
      }
      readDeadline.begin(wait, deadline, now);
    }
    int n = -1;
    try {
      n =
          awaitFirstBytes
              ? readAwaitingFirstBytes(b, off, len)
              : (wait == ReadWait.LINGER ? rawInput : socketInput).read(b, off, len);
    } catch (SSLException e) {
      // JSSE reports a peer gone without close_notify, or a read side shut down under it, as an
      // error; between requests that is just the end of a keep-alive connection, as in the clear.
      if (wait != ReadWait.NEXT_REQUEST) {
        throw e;
      }
    } catch (SocketException e) {
      // A client that resets a connection holding no request has ended it as a close would: wrk
      // and browsers close kept-alive connections whose last response they left unread, and the
      // kernel turns that close into a reset. An end of stream, not a failure to log (nginx logs
      // it below its default level); a reset mid-request still is one.
      if (!wait.holdsNoRequest() || !ConnectionLog.isReset(e)) {
        throw e;
      }
    } finally {
      synchronized (this) {
        readDeadline.end(n);
        if (readDeadline.state() == ReadDeadline.State.TIMED_OUT && n < 0) {
          throw timeout(wait); // woken by shutdownInput(): the deadline passed, not the client
        }
        if (readDeadline.state() == ReadDeadline.State.CLOSED_IDLE) {
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

  /**
   * The leader's first read of a connection that had sent nothing when it was accepted: an ordinary
   * read with no timeout of its own, during which this thread keeps the lead; if the bytes take
   * {@link Leadership#PASS_AFTER} the watcher passes it on and the read goes on like any other
   * ({@link FirstBytesWait}). Plain connections only; the deadline bracket around it is the
   * caller's.
   */
  private int readAwaitingFirstBytes(byte[] b, int off, int len) throws IOException {
    leadership.awaitingFirstBytes();
    try {
      return rawInput.read(b, off, len);
    } finally {
      leadership.gotFirstBytes();
    }
  }

  /** Counts a timeout once per connection (one timeout ends it), by what the read waited for. */
  private synchronized void countTimeout(ReadWait wait) {
    if (wait != ReadWait.LINGER && readDeadline.countTimeout()) {
      traffic.readTimedOut(wait);
    }
  }

  /** A read after the read side stopped: the timeout again, or end of stream. */
  private int afterStop(ReadWait wait) throws SocketTimeoutException {
    if (readDeadline.state() == ReadDeadline.State.TIMED_OUT) {
      throw timeout(wait);
    }
    return -1;
  }

  private SocketTimeoutException timeout(ReadWait wait) {
    String what =
        switch (wait) {
          case LINGER -> "lingering close";
          case NEXT_REQUEST ->
              "keep-alive idle timeout (" + Durations.format(config.idleTimeout()) + ")";
          case HEADER -> "request head deadline (" + Durations.format(config.headerTimeout()) + ")";
          case BODY ->
              phases.bodyReadBoundByRate()
                  ? "request body slower than "
                      + phases.bodyMinRate()
                      + " bytes/s (after its "
                      + Durations.format(config.bodyTimeout())
                      + " grace)"
                  : "request body timeout (" + Durations.format(config.bodyTimeout()) + ")";
        };
    return new SocketTimeoutException(what + " passed for " + remote);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void write(ByteBuffer... buffers) throws IOException {
    long before = remaining(buffers);
    // Nagle's algorithm holds back a short segment only while earlier data is unacknowledged, so
    // a connection's first write, if a fresh socket's send buffer takes it whole, never waits for
    // it: a response that is one small write (most, and every one of ab's) costs no setsockopt.
    // Anything after that may be a short write behind unacknowledged data, so from then on
    // TCP_NODELAY is set, as nginx sets it when a connection goes on to keep-alive.
    if (!noDelay && (written > 0 || before > LEADER_WRITE_BYTES)) {
      noDelay();
    }
    if (leadership != null) {
      passLeadIf(before > LEADER_WRITE_BYTES);
    }
    try {
      if (tls != null) {
        tls.write(buffers);
      } else {
        GatheringWriter.writeFully(channel, buffers, WRITE_CHUNK, writeBracket);
      }
    } catch (ClosedChannelException e) {
      throw writeFailure(e);
    } catch (IOException e) {
      throw tls != null ? writeFailure(e) : e;
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
    ByteBuffer mapped = tls == null ? body.inMemory(position, count) : null;
    if (mapped != null) {
      write(mapped);
      return;
    }
    noDelay(); // uncorking pushes the last partial segment at once only without Nagle
    if (tls != null) {
      if (leadership != null) {
        passLeadIf(count > LEADER_WRITE_BYTES); // a TLS write blocks: no telling beforehand
      }
      sendThroughTls(body, position, count);
      return;
    }
    boolean corked = count >= CORK_MIN_BYTES && corksFiles() && cork(true);
    try {
      send(body, position, count);
    } finally {
      if (corked) {
        cork(false); // sends the last partial segment now, not after the kernel's 200 ms
      }
    }
  }

  /**
   * A head and its file body. On a platform thread they are corked from the head on whatever the
   * body's size ({@link #corksFiles}): the head then leaves in the body's first full-sized segment
   * instead of a packet of its own, which the client would wake up for separately (nginx's {@code
   * tcp_nopush} does the same). On a virtual thread the head leaves at once and the file follows
   * uncorked. A body its store has mapped ({@link ChannelTransfer#inMemory}) needs no cork: head
   * and body go in one gathering {@code writev(2)}, which the kernel cuts into full-sized segments
   * itself. On TLS the head goes into the connection's record like any write, and the body is read
   * through its channel.
   */
  @Override
  public void transfer(ByteBuffer head, ChannelTransfer body, long position, long count)
      throws IOException {
    ByteBuffer mapped = tls == null ? body.inMemory(position, count) : null;
    if (mapped != null) {
      write(head, mapped);
      return;
    }
    // the last partial segment (the uncork's or sendfile's) leaves at once only without Nagle
    noDelay();
    if (tls != null) {
      if (leadership != null) {
        passLeadIf(head.remaining() + count > LEADER_WRITE_BYTES);
      }
      write(head);
      sendThroughTls(body, position, count);
      return;
    }
    boolean corked = corksFiles() && cork(true);
    try {
      write(head);
      send(body, position, count);
    } finally {
      if (corked) {
        cork(false); // sends the last partial segment now, not after the kernel's 200 ms
      }
    }
  }

  /**
   * Whether file bodies are sent corked: on a platform thread, not on a virtual one. A platform
   * thread's blocking {@code sendfile} is offered {@link #WRITE_CHUNK} at a time, and each call
   * would end in a short segment: uncorked, a 100 MiB download was 15 % slower. A virtual thread's
   * non-blocking call takes what the send buffer has room for, up to {@link
   * #NONBLOCKING_SEND_CHUNK}, and there the cork saved nothing on any size and cost time on smaller
   * files: with the kernel's BBR congestion control, 4 and 16 MiB downloads took a sixth longer
   * corked, isolated 1 MiB ones 100-240 µs (docs/adr/0021-tcp-cork.md, thirtieth session's
   * amendment).
   */
  private static boolean corksFiles() {
    return !Thread.currentThread().isVirtual();
  }

  /**
   * Sets {@code TCP_NODELAY} once; a socket that refuses is failing, and its next write says so.
   */
  private void noDelay() {
    if (noDelay) {
      return;
    }
    noDelay = true;
    try {
      if (!setNoDelayNatively()) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
    } catch (IOException e) {
      // closed or reset under us: the write that follows reports it
    }
  }

  /**
   * Sends a file region with sendfile. On the leader's connection (a virtual thread, whose socket
   * is non-blocking underneath) the lead passes on only once a call comes back short, that is when
   * the send buffer is full and the thread is about to wait for the client: a file the buffer takes
   * whole (a 1 MiB file to a client on the same host, often) costs no hand-over, and its first byte
   * is not held up by the start of the next leader.
   */
  private void send(ChannelTransfer body, long position, long count) throws IOException {
    // A virtual thread's socket is non-blocking: its sendfile finds a full buffer (EAGAIN), which
    // a platform thread's blocking call waits out in the kernel by itself.
    boolean waitsForRoom = Thread.currentThread().isVirtual();
    int chunk = waitsForRoom ? NONBLOCKING_SEND_CHUNK : WRITE_CHUNK;
    long sent = 0;
    boolean roomAwaited = false; // the last call found the buffer full; the kernel then said room
    while (sent < count) {
      long n;
      beginWrite();
      try {
        // The target is the SocketChannel itself: FileChannel.transferTo then uses sendfile(2).
        long offered = Math.min(count - sent, chunk);
        n = body.transferTo(position + sent, offered, channel);
        if (n < offered && leadership != null) {
          passLeadIf(true); // the send buffer is full: what follows waits for the client
        }
        if (n == 0 && !roomAwaited && waitsForRoom && context.quietWait().awaitRoom(channel)) {
          // The send buffer was full (EAGAIN): a quiet process waits for room in the kernel,
          // without the JDK's poller threads (ADR 0054). A 0 right after says the body ended
          // early, and the one byte below tells.
          roomAwaited = true;
          continue;
        }
        roomAwaited = false;
        if (n == 0) {
          // Either the body ended early, or the socket is in non-blocking mode (always so on a
          // virtual thread) and its send buffer is full: sendfile then returns EAGAIN, which the
          // JDK reports as 0. One byte through an ordinary channel write waits for room (parking
          // a virtual thread: a busy process's way) and tells the two apart.
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
   * Sets {@code TCP_NODELAY} through {@link TcpCork#setNoDelay} (compiled early, unlike {@code
   * setOption}'s layers); false where the cork is unavailable. Synchronized like {@link #cork}.
   */
  private synchronized boolean setNoDelayNatively() throws IOException {
    return channel.isOpen() && context.cork().setNoDelay(channel);
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
    writeDeadline.begin(System.nanoTime() + config.writeTimeout().toNanos());
  }

  private synchronized void endWrite() {
    writeDeadline.end();
  }

  /**
   * A file body on a TLS connection: no sendfile (the kernel cannot encrypt), but the file
   * channel's direct buffer copied into the connection's one record ({@link TlsLayer}).
   */
  private void sendThroughTls(ChannelTransfer body, long position, long count) throws IOException {
    WritableByteChannel sink = tls.fileSink();
    long sent = 0;
    try {
      while (sent < count) {
        long n = body.transferTo(position + sent, Math.min(count - sent, WRITE_CHUNK), sink);
        if (n <= 0) {
          throw new EOFException("body ended after " + sent + " of " + count + " bytes");
        }
        sent += n;
        wrote(n);
      }
      tls.flush();
    } catch (SocketTimeoutException | EOFException e) {
      throw e;
    } catch (IOException e) {
      throw writeFailure(e);
    }
  }

  // ---------------------------------------------------------------- TLS

  /**
   * Starts TLS on this connection, on the worker, before the engine sees it: reads the first byte
   * and the whole handshake under one deadline, the request head's ({@code headerTimeout} from the
   * accept), so a client that stalls its handshake is cut off like a slow head. A plain HTTP
   * request gets {@link PlainHttpDetector#response()}, nginx's clear-text 400, and a lingering
   * close.
   *
   * @return whether the handshake completed and the engine may serve the connection; if not, the
   *     reason is counted and the caller only closes it
   */
  boolean startTls(ServerTls server, TlsHandshakes handshakes) throws IOException {
    long deadline = System.nanoTime() + config.headerTimeout().toNanos();
    byte[] first = new byte[1];
    int n;
    try {
      n = readBefore(first, 0, 1, deadline, ReadWait.HEADER);
    } catch (SocketTimeoutException e) {
      handshakes.failed(HandshakeFailure.TIMEOUT);
      throw e;
    }
    if (n < 0) {
      handshakes.failed(HandshakeFailure.CLIENT_CLOSED);
      return false;
    }
    if (PlainHttpDetector.classify(first[0]) == PlainHttpDetector.Verdict.PLAIN_HTTP) {
      handshakes.failed(HandshakeFailure.PLAIN_HTTP);
      write(ByteBuffer.wrap(PlainHttpDetector.response()));
      lingerOnClose(); // its request is unread
      return false;
    }
    noDelay(); // the handshake's flights are written by JSSE, not through write()
    SSLSocket socket = server.serverSocket(channel.socket(), new ByteArrayInputStream(first));
    try {
      handshake(socket, deadline);
    } catch (IOException e) {
      handshakes.failed(HandshakeFailure.of(e));
      throw e;
    }
    handshakes.completed();
    tls = new TlsLayer(socket, writeBracket);
    socketInput = tls.input();
    return true;
  }

  /**
   * The handshake, its reads under {@code deadline}: the watchdog's {@code shutdownInput} wakes a
   * stalled one, which then ends with the header timeout.
   */
  // As in readBefore: once the deadline has woken the handshake, the timeout is its cause.
  @SuppressWarnings("Finally")
  private void handshake(SSLSocket socket, long deadline) throws IOException {
    synchronized (this) {
      if (readDeadline.stopped()) {
        throw new EOFException("closed before the TLS handshake");
      }
      readDeadline.begin(ReadWait.HEADER, deadline, System.nanoTime());
    }
    try {
      socket.startHandshake();
    } finally {
      synchronized (this) {
        readDeadline.end(-1); // no request's bytes
        if (readDeadline.state() == ReadDeadline.State.TIMED_OUT) {
          throw new SocketTimeoutException(
              "TLS handshake not done by the request head deadline ("
                  + Durations.format(config.headerTimeout())
                  + ") for "
                  + remote);
        }
      }
    }
  }

  private synchronized IOException writeFailure(IOException e) {
    if (writeDeadline.timedOut()) {
      SocketTimeoutException timeout =
          new SocketTimeoutException(
              "write to "
                  + remote
                  + " made no progress for "
                  + Durations.format(config.writeTimeout()));
      timeout.initCause(e);
      return timeout;
    }
    return e;
  }

  // ---------------------------------------------------------------- other threads

  /** Called by the watchdog: interrupts a read or a write whose deadline has passed. */
  synchronized void enforceDeadlines(long now) {
    if (readDeadline.expire(now)) {
      countTimeout(readDeadline.waitingFor());
      shutdownInputQuietly();
    }
    if (writeDeadline.expire(now)) {
      traffic.writeTimeouts.increment();
      closeQuietly();
    }
  }

  /**
   * Closes the connection if it is waiting for a request, or lingering before its close (its worker
   * then sees end of stream and ends): when a graceful shutdown starts. A connection busy with a
   * request is left alone; it sees {@link #draining()} when its response is done.
   */
  synchronized boolean closeIfIdle() {
    if (readDeadline.closeIfIdle()) {
      shutdownInputQuietly();
      return true;
    }
    return false;
  }

  /**
   * Closes the connection if it is idle as {@link #idleWaitDeadline} sees it (its worker then sees
   * end of stream and ends), when the server needs its permit for a new one.
   */
  @Override
  public synchronized boolean closeForRoom(long now) {
    if (readDeadline.closeForRoom(now)) {
      shutdownInputQuietly();
      return true;
    }
    return false;
  }

  /**
   * When this connection's wait for its next request (or its lingering close) runs out, for
   * choosing which idle connection to close first; {@link Long#MAX_VALUE} when it is not waiting
   * idle, or is new and its first request may be on its way ({@link
   * ReadDeadline#FIRST_REQUEST_GRACE_NANOS}). The earliest deadline belongs to the connection that
   * has been idle longest.
   */
  @Override
  public synchronized long idleWaitDeadline(long now) {
    return readDeadline.idleWaitDeadline(now);
  }

  /**
   * Cuts the connection off at once: its blocked read or write fails with an IOException, and the
   * closed channel tells {@link #closeGracefully} not to linger.
   */
  void abort() {
    closeQuietly();
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the connection after the handler finished with it. When the handler said the client may
   * still be sending ({@link #lingerOnClose}) and the client has not closed its side, this sends
   * FIN first and then reads and discards what the client still sends, for at most {@code
   * closeLinger}, until the client closes: closing a socket with unread input makes the kernel send
   * a reset, which can destroy the end of the response before the client read it. Otherwise (the
   * usual case: every request read to its end) it closes at once, as nginx does, and the worker is
   * free a round trip sooner.
   */
  void closeGracefully() {
    try {
      Duration linger = config.closeLinger();
      boolean lingerUseful;
      synchronized (this) {
        lingerUseful =
            !readDeadline.stopped() && channel.isOpen(); // not timed out, closed or cut off
      }
      if (tls != null && lingerUseful) {
        tls.closeNotify();
      }
      if (lingerRequested && lingerUseful && !sawEndOfStream && linger.isPositive()) {
        channel.shutdownOutput();
        long until = System.nanoTime() + linger.toNanos();
        byte[] discard = new byte[8192];
        int total = 0;
        int n;
        while (total < LINGER_MAX_BYTES
            && (n = readBefore(discard, 0, discard.length, until, ReadWait.LINGER)) >= 0) {
          total += n;
        }
      } else if (corkedForClose) {
        // Closing a socket whose input holds unread bytes (a client still sending when its head
        // timed out, or more than one request's worth) resets the connection, and the reset drops
        // what the cork still holds. Shutting the output first sends it, with the FIN in its last
        // segment, whatever the close then does.
        channel.shutdownOutput();
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
