package dev.mtserver.app.ops;

import dev.mtserver.http.engine.CompletedExchange;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the access-log pipeline: formats each exchange and writes it, on the one thread of the
 * {@link QueuedAccessLog}, never on a worker. Not thread-safe: only that thread calls it.
 *
 * <p>Lines go through a 64 KiB buffer, which the queue's thread flushes whenever it finds the queue
 * empty ({@link #flush()}): a quiet server's lines appear within {@link QueuedAccessLog#PAUSE}, a
 * busy server's leave in large writes.
 *
 * <p>A file is opened in append mode ({@code O_APPEND}), so {@code copytruncate} rotation works
 * without holes; and at most once a second the writer checks that the path still names the file it
 * has open: when rotation has moved or deleted it, the writer opens a new one at the path. Lines
 * written in between are in the rotated file, so none is lost either way.
 */
final class AccessLogWriter {

  private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final long REOPEN_CHECK_MILLIS = 1000;
  private static final long READY_WAIT_SECONDS = 30;

  private final AccessLogFormat format = new AccessLogFormat(ZoneId.systemDefault());
  private final StringBuilder line = new StringBuilder(256);
  private byte[] bytes = new byte[256];
  private final Path file; // null when writing to a stream
  private final CountDownLatch ready; // null when writing to a file

  private OutputStream out;
  private Object fileKey;
  private long lastCheck;
  private boolean waitedForReady;
  private long failedLines;
  private boolean closed;

  /** Appends to {@code file}; opens it now so a bad path fails at start, not at the first line. */
  static AccessLogWriter toFile(Path file) throws IOException {
    AccessLogWriter writer = new AccessLogWriter(file, null);
    writer.openFile();
    return writer;
  }

  /** Writes to {@code stream} (left open at the end) once {@code ready} opens. */
  static AccessLogWriter toStream(OutputStream stream, CountDownLatch ready) {
    AccessLogWriter writer = new AccessLogWriter(null, Objects.requireNonNull(ready, "ready"));
    writer.out = new BufferedOutputStream(new UnclosedStream(stream), BUFFER_BYTES);
    return writer;
  }

  private AccessLogWriter(Path file, CountDownLatch ready) {
    this.file = file;
    this.ready = ready;
  }

  /**
   * Formats {@code exchange} and writes its line into the buffer (and, when the buffer is full, to
   * the file). Never throws: a line that cannot be written is counted and the first failure logged.
   */
  void write(CompletedExchange exchange) {
    awaitReady();
    // A RuntimeException too is one lost line, not the end of this thread: with no writer left, the
    // workers would wait for room in the queue for good.
    try {
      line.setLength(0);
      format.appendTo(exchange, line);
      int length = line.length();
      if (bytes.length < length) {
        bytes = new byte[Math.max(length, bytes.length * 2)];
      }
      for (int i = 0; i < length; i++) {
        bytes[i] = (byte) line.charAt(i); // the format guarantees printable ASCII and LF
      }
      reopenIfRotated();
      out.write(bytes, 0, length);
    } catch (IOException | RuntimeException e) {
      failed(e);
    }
  }

  /** Lets the buffered lines out: the queue is empty. Costs nothing when none are buffered. */
  void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      failed(e);
    }
  }

  private void failed(Exception e) {
    if (failedLines++ == 0) {
      log.error(
          "Cannot write the access log{}: {}; lines are being lost",
          file == null ? "" : " " + file,
          e.toString());
    }
  }

  /** A stream's first line waits until its owner has printed what must come first. */
  private void awaitReady() {
    if (ready == null || waitedForReady) {
      return;
    }
    waitedForReady = true;
    try {
      if (!ready.await(READY_WAIT_SECONDS, TimeUnit.SECONDS)) {
        log.warn(
            "The access log waited {} s for the start-up lines; writing anyway",
            READY_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nothing interrupts this thread; if it happens, write
    }
  }

  private void openFile() throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // A FileOutputStream, not a FileChannel: an interrupt would close a channel in the middle of a
    // write, losing the last lines.
    out = new BufferedOutputStream(new FileOutputStream(file.toFile(), true), BUFFER_BYTES);
    fileKey = fileKey(file);
    lastCheck = System.currentTimeMillis();
  }

  /** When log rotation has moved or deleted the file, finishes the old one and opens a new one. */
  private void reopenIfRotated() throws IOException {
    if (file == null) {
      return;
    }
    long now = System.currentTimeMillis();
    if (now - lastCheck < REOPEN_CHECK_MILLIS) {
      return;
    }
    lastCheck = now;
    Object current = fileKey(file);
    if (current != null && current.equals(fileKey)) {
      return;
    }
    out.close(); // flushes the last lines into the rotated file
    openFile();
    log.info("Access log {} was moved or deleted; writing to a new file at that path", file);
  }

  private static Object fileKey(Path path) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      // without inode numbers, rotation by rename cannot be seen; copytruncate still works
      return key != null ? key : true;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Flushes, and closes a file (never the stream it was given). */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      failedLines++;
      log.error("Cannot finish the access log{}: {}", file == null ? "" : " " + file, e.toString());
    }
    if (failedLines > 0) {
      log.error("{} access-log lines could not be written", failedLines);
    }
  }

  /** A stream whose {@code close()} only flushes: stdout stays open after the server stops. */
  private static final class UnclosedStream extends java.io.FilterOutputStream {
    UnclosedStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
