package dev.mtserver.dynamic.fastcgi;

import dev.mtserver.domain.script.gateway.StderrLines;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request to php-fpm on one leased connection, from {@code FCGI_BEGIN_REQUEST} to {@code
 * FCGI_END_REQUEST}: sends the variables and the body, and offers the answer's {@code FCGI_STDOUT}
 * as an {@link InputStream} while {@code FCGI_STDERR} goes to the log.
 *
 * <p>A request without a body (nearly all of them) uses its connection in blocking mode: the whole
 * request is written at once, and each read of {@link #stdout()} that finds nothing decoded waits
 * in the socket — on a virtual thread by parking, which costs no carrier thread — while the pool's
 * watchdog keeps the deadline by cutting the connection of a request past it. A pause in the answer
 * is seen as nothing decoded, so a script that flushes is seen flushing.
 *
 * <p>A request with a body uses its connection in selecting mode, and both directions move on the
 * caller's thread, in whichever order the two ends allow: each read of {@link #stdout()} that finds
 * nothing decoded takes one step — decode what php-fpm sent, else read more of it without waiting,
 * else send the next part of the body (reading it from the client), else wait for the socket with
 * the deadline. So a script that answers before it has read its body, or streams while it reads it,
 * never deadlocks against a body still being sent, and nothing is buffered beyond one record each
 * way.
 *
 * <p>Time: while the request is being sent, php-fpm must take some of it within the timeout (a slow
 * client is the HTTP layer's business, by its own deadlines); once it has all of it, the script has
 * the timeout to finish its answer. Either way past it, reads throw {@link ScriptTimeoutException}.
 *
 * <p>{@link #close} ends it: the connection goes back to the pool when the request ended cleanly
 * (its whole body sent, {@code FCGI_END_REQUEST} with {@code FCGI_REQUEST_COMPLETE}, nothing left
 * over); otherwise php-fpm is sent {@code FCGI_ABORT_REQUEST} and the connection is closed, which
 * is what php-fpm acts on: a script writing to a closed connection is stopped. Used by one thread
 * at a time.
 */
final class FastCgiExchange implements Closeable {

  /**
   * Every request has this id: php-fpm does not multiplex, so a connection carries one at a time.
   */
  static final int REQUEST_ID = 1;

  /**
   * The largest part of a body sent in one {@code FCGI_STDIN} record (a multiple of 8: no padding).
   */
  static final int STDIN_CHUNK_BYTES = 32 * 1024;

  private static final Logger log = LoggerFactory.getLogger(FastCgiExchange.class);
  private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

  /** How much of the request has gone to php-fpm. */
  private enum Sending {
    /** The opening records are still to be written. */
    OPENING,
    /** Parts of the body are still to be written. */
    BODY,
    /** All of it, down to the empty {@code FCGI_STDIN} record. */
    DONE,
    /** Given up before the end: php-fpm ended the request, or the client's body failed. */
    STOPPED
  }

  /** How much of the answer has come back. */
  private enum Receiving {
    /** {@code FCGI_STDOUT} is open. */
    STDOUT,
    /** Its empty end record came; {@code FCGI_END_REQUEST} has not yet. */
    STDOUT_ENDED,
    /** {@code FCGI_END_REQUEST} came: the request is over. */
    ENDED,
    /** Something failed: the connection cannot be trusted any more. */
    BROKEN
  }

  private final ConnectionPool.Lease lease;
  private final FastCgiConnection connection;

  /** No body: the connection stays in blocking mode, the watchdog keeps the deadline. */
  private final boolean blocking;

  private final String script;
  private final long timeoutNanos;
  private final InputStream body;
  private final Closeable bodyResource;
  private final RecordReader reader = new RecordReader(REQUEST_ID);
  private final PhpFpmStderr stderr;
  private final InputStream stdout = new StdoutStream();
  private ByteBuffer pending = NO_DATA;
  private byte[] chunk;
  private long bodyLeft;
  private Sending sending = Sending.OPENING;
  private Receiving receiving = Receiving.STDOUT;
  private ByteBuffer stdoutData = NO_DATA;
  private IOException failure;
  private boolean deadlineArmed;
  private long deadline;
  private long lastProgress;
  private boolean heardFromPhpFpm;

  private boolean stderrFinished;
  private boolean closed;

  /**
   * @param script names the script in the log
   * @param body the request body, {@code bodyLength} bytes of it
   * @param bodyResource closed when the exchange ends (a spooled body), or null
   */
  FastCgiExchange(
      ConnectionPool.Lease lease,
      FastCgiConnection connection,
      String script,
      Duration timeout,
      InputStream body,
      long bodyLength,
      Closeable bodyResource) {
    this.lease = Objects.requireNonNull(lease, "lease");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.script = Objects.requireNonNull(script, "script");
    this.timeoutNanos = timeout.toNanos();
    this.body = Objects.requireNonNull(body, "body");
    this.bodyLeft = bodyLength;
    this.blocking = bodyLength == 0;
    this.bodyResource = bodyResource;
    this.stderr =
        new PhpFpmStderr(new StderrLines(line -> log.warn("{} stderr: {}", script, line)));
  }

  /**
   * Sends {@code FCGI_BEGIN_REQUEST} and the variables (and, for a request without a body, the end
   * of {@code FCGI_STDIN}); the body follows as the answer is read.
   */
  void start(Map<String, String> params) throws IOException {
    ByteBuffer opening = connection.prelude().opening(REQUEST_ID, params, bodyLeft > 0);
    lastProgress = System.nanoTime();
    if (blocking) {
      startBlocking(opening);
      return;
    }
    try {
      connection.selecting();
      while (opening.hasRemaining()) {
        if (connection.write(opening) > 0) {
          lastProgress = System.nanoTime();
        } else if (!connection.awaitWritable(stallLeft())) {
          throw timeOut("php-fpm took none of the request for " + seconds(timeoutNanos) + " s");
        }
      }
    } catch (IOException e) {
      throw fail(e);
    }
    sending = Sending.BODY;
    chunk = connection.stdinChunk();
    pending = connection.stdinRecord().flip();
  }

  /**
   * Writes the whole request (it has no body) in blocking mode, under the watchdog: php-fpm must
   * take it within the timeout, then the script's own time runs.
   */
  private void startBlocking(ByteBuffer opening) throws IOException {
    connection.watchUntil(lastProgress + timeoutNanos);
    try {
      while (opening.hasRemaining()) {
        connection.write(opening);
      }
    } catch (IOException e) {
      throw fail(
          connection.wasCut()
              ? timeOut("php-fpm took none of the request for " + seconds(timeoutNanos) + " s")
              : e);
    }
    bodySent();
  }

  /**
   * The answer's {@code FCGI_STDOUT}: the CGI header block, then the body; ends with the request.
   */
  InputStream stdout() {
    return stdout;
  }

  /**
   * An array for the answer's body on its way out, reused by the connection's requests: valid until
   * {@link #close}.
   */
  byte[] outputBuffer() {
    return connection.outputBuffer();
  }

  /** True once anything at all came back for this request. */
  boolean heardFromPhpFpm() {
    return heardFromPhpFpm;
  }

  /**
   * True when {@code FCGI_END_REQUEST} is here already, with nothing more on {@code FCGI_STDOUT}
   * before it. Does not wait: for an answer complete by its declared length, whose request may end
   * a moment later or not soon at all.
   */
  boolean endedWithoutWaiting() {
    try {
      while (failure == null && receiving != Receiving.ENDED && !stdoutData.hasRemaining()) {
        if (!decodeNext() && readWithoutWaiting() <= 0) {
          break;
        }
      }
    } catch (IOException e) {
      fail(e);
    }
    return failure == null && receiving == Receiving.ENDED && !stdoutData.hasRemaining();
  }

  /**
   * Waits at most {@code nanos} for more of {@code FCGI_STDOUT} or its end, once the whole request
   * is with php-fpm: php-fpm writes a page and the records that end it separately, a moment apart,
   * and a page seen whole can go out with a {@code Content-Length} in one write. Never past the
   * script's deadline; a fault is left for the next read to report. In blocking mode it only looks
   * once more without waiting: under load the end is nearly always there by then.
   *
   * @return true when a read of {@link #stdout()} will not wait for php-fpm's next output
   */
  boolean awaitOutputOrEnd(long nanos) {
    if (sending != Sending.DONE) {
      return stdoutData.hasRemaining(); // a body still goes out: only a read may move it along
    }
    long until = System.nanoTime() + nanos;
    try {
      while (failure == null && receiving == Receiving.STDOUT && !stdoutData.hasRemaining()) {
        if (decodeNext() || readWithoutWaiting() > 0) {
          continue;
        }
        long left = Math.min(until - System.nanoTime(), deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        // a blocking socket has no timed wait, and letting other threads run a moment (yield)
        // cost more than it saved under load: in blocking mode, one look without waiting it is
        if (blocking || !connection.await(false, left)) {
          return false;
        }
      }
    } catch (IOException e) {
      fail(e);
    }
    return true;
  }

  /**
   * Ends the exchange, once: the connection goes back to the pool if the request ended cleanly,
   * else php-fpm is told to abort it and the connection is closed.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean keep =
        failure == null
            && receiving == Receiving.ENDED
            && sending == Sending.DONE
            && !stdoutData.hasRemaining()
            && !connection.input().hasRemaining();
    if (blocking) {
      keep &= connection.unwatch(); // false if the watchdog cut it meanwhile
    } else if (keep) {
      try {
        connection.blocking(); // as kept connections are
      } catch (IOException e) {
        log.debug("{}: back to blocking mode failed: {}", connection, e.toString());
        keep = false;
      }
    }
    if (!keep && receiving != Receiving.ENDED) {
      abort();
    }
    finishStderr();
    lease.release(keep);
    if (bodyResource != null) {
      try {
        bodyResource.close();
      } catch (IOException e) {
        log.debug("close failed", e);
      }
    }
  }

  /**
   * Ends the exchange without giving the lease back: its connection failed before php-fpm answered,
   * and the request goes once more on a new connection under the same lease.
   */
  void giveUpConnection() {
    closed = true;
  }

  /** {@code FCGI_ABORT_REQUEST}, if it fits into the socket now and no record is half sent. */
  private void abort() {
    if (!connection.isOpen() || connection.wasCut() || pending.hasRemaining()) {
      return;
    }
    try {
      ByteBuffer record = ByteBuffer.allocate(Records.HEADER_LENGTH);
      Records.putAbortRequest(record, REQUEST_ID);
      connection.writeWithoutWaiting(record.flip());
    } catch (IOException e) {
      log.debug("{}: FCGI_ABORT_REQUEST not sent: {}", connection, e.toString());
    }
  }

  /** Moves until {@code FCGI_STDOUT} data is decoded, or the stream has ended. */
  private void fillStdout() throws IOException {
    while (!stdoutData.hasRemaining() && receiving == Receiving.STDOUT) {
      advance();
    }
  }

  /** Moves until {@code FCGI_END_REQUEST}; more {@code FCGI_STDOUT} data on the way is a fault. */
  private void awaitEnd() throws IOException {
    while (receiving == Receiving.STDOUT_ENDED) {
      advance();
    }
  }

  /**
   * One step: use a record already read, else read more without waiting, else send more of the
   * body, else wait for the socket — never past the script's deadline.
   */
  private void advance() throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      if (decodeNext()) {
        return; // what was read already is used even past the deadline: it came in time
      }
      if (deadlineArmed && System.nanoTime() - deadline >= 0) {
        throw timeOut("script " + script + " ran out of time");
      }
      if (blocking) {
        readWaiting();
        return;
      }
      if (readWithoutWaiting() > 0 || sendBody()) {
        return;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("interrupted while waiting for php-fpm");
      }
      long wait = deadlineArmed ? deadline - System.nanoTime() : stallLeft();
      if (wait <= 0) {
        throw timeOut(
            deadlineArmed
                ? "script " + script + " ran out of time"
                : "php-fpm took none of the request body for " + seconds(timeoutNanos) + " s");
      }
      connection.await(pending.hasRemaining(), wait);
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /** Handles the next record (or part of one) already read; false when more bytes are needed. */
  private boolean decodeNext() throws IOException {
    RecordReader.Event event = reader.next(connection.input());
    if (event == null) {
      return false;
    }
    heardFromPhpFpm = true;
    switch (event) {
      case RecordReader.Output output when output.stream() == RecordType.STDOUT -> {
        if (receiving != Receiving.STDOUT) {
          throw new FastCgiProtocolException("FCGI_STDOUT after its end");
        }
        stdoutData = output.data();
      }
      case RecordReader.Output output -> stderr.accept(output.data());
      case RecordReader.EndOfStream end when end.stream() == RecordType.STDOUT -> {
        if (receiving == Receiving.STDOUT) {
          receiving = Receiving.STDOUT_ENDED;
        }
      }
      case RecordReader.EndOfStream end -> finishStderr();
      case RecordReader.EndRequest end -> {
        receiving = Receiving.ENDED;
        finishStderr();
        if (sending != Sending.DONE) {
          sending = Sending.STOPPED; // the script did not want the rest of its body
        }
        if (end.protocolStatus() != Records.REQUEST_COMPLETE) {
          throw new RequestRefusedException(end.protocolStatus());
        }
      }
    }
    return true;
  }

  /**
   * Blocking mode: waits in the socket for what php-fpm sends next. The watchdog's cut at the
   * deadline ends the wait, as running out of time.
   */
  private void readWaiting() throws IOException {
    int n;
    try {
      n = connection.read();
    } catch (IOException e) {
      if (connection.wasCut()) {
        throw timeOut("script " + script + " ran out of time");
      }
      throw e;
    }
    if (n < 0) {
      if (connection.wasCut()) {
        throw timeOut("script " + script + " ran out of time");
      }
      throw new EOFException("php-fpm closed the connection before the end of the request");
    }
    lastProgress = System.nanoTime();
  }

  /**
   * Reads what php-fpm has sent, if anything; -1 (and a fault) when it has closed the connection.
   */
  private int readWithoutWaiting() throws IOException {
    int n = connection.readWithoutWaiting();
    if (n > 0) {
      lastProgress = System.nanoTime();
    } else if (n < 0) {
      throw new EOFException("php-fpm closed the connection before the end of the request");
    }
    return n;
  }

  /** Writes the next part of the body, reading it from the client first if need be. */
  private boolean sendBody() throws IOException {
    if (sending != Sending.BODY) {
      return false;
    }
    boolean progress = false;
    if (!pending.hasRemaining()) {
      int n;
      try {
        n = body.read(chunk, 0, (int) Math.min(chunk.length, bodyLeft));
      } catch (IOException e) {
        sending = Sending.STOPPED;
        throw new ClientBodyException(e);
      }
      if (n < 0) {
        sending = Sending.STOPPED;
        throw new ClientBodyException(
            new EOFException("the request body ended " + bodyLeft + " bytes early"));
      }
      bodyLeft -= n;
      pending.clear();
      Records.putRecord(pending, RecordType.STDIN, REQUEST_ID, chunk, 0, n);
      if (bodyLeft == 0) {
        Records.putEndOfStream(pending, RecordType.STDIN, REQUEST_ID);
      }
      pending.flip();
      progress = true;
    }
    if (connection.write(pending) > 0) {
      lastProgress = System.nanoTime();
      progress = true;
    }
    if (!pending.hasRemaining() && bodyLeft == 0) {
      bodySent();
    }
    return progress;
  }

  /** The whole request is with php-fpm: from now on the script's own time runs. */
  private void bodySent() {
    sending = Sending.DONE;
    deadlineArmed = true;
    deadline = System.nanoTime() + timeoutNanos;
    if (blocking) {
      connection.watchUntil(deadline);
    }
  }

  /** How long php-fpm may still take to accept more of the request. */
  private long stallLeft() {
    return lastProgress + timeoutNanos - System.nanoTime();
  }

  private static ScriptTimeoutException timeOut(String message) {
    return new ScriptTimeoutException(message);
  }

  /** Remembers the first fault: the exchange is over, and every later read says so again. */
  private IOException fail(IOException e) {
    if (failure == null) {
      failure = e;
      receiving = Receiving.BROKEN;
    }
    return e;
  }

  private void finishStderr() {
    if (!stderrFinished) {
      stderrFinished = true;
      stderr.finish();
      if (stderr.dropped() > 0) {
        log.warn("{} wrote {} more bytes to stderr than are logged", script, stderr.dropped());
      }
    }
  }

  private static String seconds(long nanos) {
    return Double.toString(nanos / 1e9);
  }

  /**
   * {@code FCGI_STDOUT} as a stream. {@link #available()} is what can be read without waiting: in
   * blocking mode what is decoded already, so a pause of php-fpm's shows as 0.
   */
  private final class StdoutStream extends InputStream {

    @Override
    public int read() throws IOException {
      fillStdout();
      if (!stdoutData.hasRemaining()) {
        awaitEnd();
        return -1;
      }
      return stdoutData.get() & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      Objects.checkFromIndexSize(offset, length, bytes.length);
      if (length == 0) {
        return 0;
      }
      fillStdout();
      if (!stdoutData.hasRemaining()) {
        awaitEnd();
        return -1;
      }
      int n = Math.min(length, stdoutData.remaining());
      stdoutData.get(bytes, offset, n);
      return n;
    }

    @Override
    public int available() throws IOException {
      if (!stdoutData.hasRemaining() && failure == null) {
        try {
          while (receiving == Receiving.STDOUT
              && !stdoutData.hasRemaining()
              && (decodeNext() || (!blocking && connection.read() > 0))) {
            // decoded a record, or read more: look again
          }
        } catch (IOException e) {
          throw fail(e);
        }
      }
      return stdoutData.remaining();
    }
  }
}
