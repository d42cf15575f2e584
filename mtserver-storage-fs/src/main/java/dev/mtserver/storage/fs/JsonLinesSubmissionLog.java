package dev.mtserver.storage.fs;

import dev.mtserver.domain.form.AppendSubmissionPort;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.FormSubmission;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * {@link AppendSubmissionPort} as a JSON Lines file ({@code DATA/submissions.jsonl}): one JSON
 * object per line, {@code
 * {"time":"...Z","path":"/form.html","remoteAddress":"127.0.0.1","fields":[{"name":"a","value":"1"}]}},
 * plus {@code "files":["a.pdf"]} when files came with the form.
 *
 * <p>Durability and integrity (ADR 0013): each line is encoded in memory first, then written whole
 * at the end of the file under a lock, so concurrent submissions never interleave; a write that
 * fails halfway (disk full) is cut back off, so no torn line stays behind; {@link #append} returns
 * only after {@code fdatasync}. Concurrent appenders share one sync (group commit): whoever syncs
 * makes every line written before it durable, so N simultaneous submissions cost about one disk
 * flush, not N. A torn last line left by a crash or power loss is cut off when the log is opened.
 * The file is locked against a second server process, and created readable by its owner only
 * (submissions are personal data).
 */
public final class JsonLinesSubmissionLog implements AppendSubmissionPort, Closeable {

  private static final Logger log = LoggerFactory.getLogger(JsonLinesSubmissionLog.class);
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * The logs open in this JVM, by file key (device and inode). A second open of one is refused
   * before the file is touched: on Linux, closing any channel to a file drops every lock the JVM
   * holds on it (see {@link FileLock}), so even a refused open would unlock the first against other
   * processes.
   */
  private static final Set<Object> OPEN_HERE = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final Object key;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final FileChannel channel;
  private final FileLock processLock;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ReentrantLock syncLock = new ReentrantLock();

  /** Where the next line goes. Guarded by writeLock. */
  private long end;

  /** How many lines were written. Guarded by writeLock. */
  private long written;

  /** How many lines are known durable. Written under syncLock. */
  private volatile long synced;

  private JsonLinesSubmissionLog(
      Path file, Object key, FileChannel channel, FileLock processLock, long end) {
    this.file = file;
    this.key = key;
    this.channel = channel;
    this.processLock = processLock;
    this.end = end;
  }

  /**
   * Opens the log, creating it (and its directory) if needed, and cuts off a torn last line.
   *
   * @throws IOException if another process, or this one, holds the log, or it cannot be opened
   */
  public static JsonLinesSubmissionLog open(Path file) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    boolean created = createIfMissing(file, posix);
    // The file itself, under whatever name or link it is opened: found with a stat, which,
    // unlike an open and a close, leaves the locks alone.
    Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    if (key == null) {
      key = file.toRealPath(); // a file system without file keys
    }
    if (!OPEN_HERE.add(key)) {
      throw new IOException(file + " is in use by this process");
    }
    try {
      return open(file, key, directory, created);
    } catch (IOException | RuntimeException e) {
      OPEN_HERE.remove(key);
      throw e;
    }
  }

  /** Creates an empty, owner-only file if there is none; true if it did. */
  private static boolean createIfMissing(Path file, boolean posix) throws IOException {
    try {
      if (posix) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      return true;
    } catch (FileAlreadyExistsException exists) {
      return false; // refused before any descriptor was opened: no lock was touched
    }
  }

  private static JsonLinesSubmissionLog open(Path file, Object key, Path directory, boolean created)
      throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        throw new IOException(file + " is in use by this process");
      }
      if (lock == null) {
        throw new IOException(file + " is in use by another process");
      }
      long end = cutTornTail(channel, file);
      if (created) {
        forceDirectory(directory);
      }
      return new JsonLinesSubmissionLog(file, key, channel, lock, end);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The file this log writes. */
  public Path file() {
    return file;
  }

  @Override
  public void append(FormSubmission submission) throws IOException {
    byte[] line = encode(submission);
    long sequence;
    writeLock.lock();
    try {
      long start = end;
      ByteBuffer buffer = ByteBuffer.wrap(line);
      try {
        while (buffer.hasRemaining()) {
          channel.write(buffer, start + buffer.position());
        }
      } catch (IOException e) {
        cutBack(start);
        throw StorageErrors.classify(e);
      }
      end = start + line.length;
      sequence = ++written;
    } finally {
      writeLock.unlock();
    }
    syncThrough(sequence);
  }

  /** Makes line {@code sequence} durable, with every line written before it. */
  private void syncThrough(long sequence) throws IOException {
    if (synced >= sequence) {
      return;
    }
    syncLock.lock();
    try {
      if (synced >= sequence) {
        return; // another appender's sync covered this line while we waited
      }
      long target;
      writeLock.lock();
      try {
        target = written;
      } finally {
        writeLock.unlock();
      }
      channel.force(false);
      synced = target;
    } catch (IOException e) {
      throw StorageErrors.classify(e);
    } finally {
      syncLock.unlock();
    }
  }

  private void cutBack(long start) {
    try {
      channel.truncate(start);
    } catch (IOException e) {
      log.error("Could not cut a partial line off {}: {}", file, e.toString());
    }
  }

  static byte[] encode(FormSubmission submission) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
      json.writeStartObject();
      json.writeStringProperty("time", submission.time().toString());
      json.writeStringProperty("path", submission.path().toString());
      json.writeStringProperty("remoteAddress", submission.remoteAddress());
      json.writeName("fields");
      json.writeStartArray();
      for (FormField field : submission.fields()) {
        json.writeStartObject();
        json.writeStringProperty("name", field.name());
        json.writeStringProperty("value", field.value());
        json.writeEndObject();
      }
      json.writeEndArray();
      if (!submission.storedFiles().isEmpty()) {
        json.writeName("files");
        json.writeStartArray();
        for (String name : submission.storedFiles()) {
          json.writeString(name);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    }
    out.write('\n'); // JSON escapes every line break inside strings: this is the only one
    return out.toByteArray();
  }

  /**
   * Finds the end of the last complete line and cuts off anything after it (a line a crash left
   * half-written, never acknowledged to its sender).
   */
  private static long cutTornTail(FileChannel channel, Path file) throws IOException {
    long size = channel.size();
    long end = size;
    ByteBuffer block = ByteBuffer.allocate(4096);
    while (end > 0) {
      long from = Math.max(0, end - block.capacity());
      block.clear().limit((int) (end - from));
      while (block.hasRemaining() && channel.read(block, from + block.position()) >= 0) {
        // fill the block
      }
      int i = block.position() - 1;
      while (i >= 0 && block.get(i) != '\n') {
        i--;
      }
      if (i >= 0) {
        end = from + i + 1;
        break;
      }
      end = from;
    }
    if (end < size) {
      log.warn("Cut {} bytes of an unfinished line off the end of {}", size - end, file);
      channel.truncate(end);
      channel.force(false);
    }
    return end;
  }

  private static void forceDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("Cannot force directory {}: {}", directory, e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed.compareAndSet(false, true)) {
      return; // closed already: the key may belong to a log opened since
    }
    try {
      processLock.release();
    } finally {
      try {
        channel.close();
      } finally {
        OPEN_HERE.remove(key);
      }
    }
  }
}
