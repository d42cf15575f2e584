package dev.mtserver.dynamic.fastcgi;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body whose length is only known at its end (it came chunked), read whole before php-fpm
 * sees it: PHP reads exactly {@code CONTENT_LENGTH} bytes of a body and nothing without one, so the
 * length must be known before the request starts. Up to {@value #MEMORY_BYTES} bytes stay in
 * memory; a longer body goes to a file in the spool directory that is unlinked as soon as it is
 * open ({@code 0600}, named {@value #PREFIX}…), so nothing is left behind even by a crash but in
 * the instant between the two. A body of known length never comes here: it streams.
 */
final class UnknownLengthBody implements Closeable {

  /** What a chunked body may take in memory before it goes to disk. */
  static final int MEMORY_BYTES = 64 * 1024;

  static final String PREFIX = "fcgi-body-";

  private static final Logger log = LoggerFactory.getLogger(UnknownLengthBody.class);

  private final long length;
  private final InputStream content;
  private final FileChannel file;

  private UnknownLengthBody(long length, InputStream content, FileChannel file) {
    this.length = length;
    this.content = content;
    this.file = file;
  }

  /**
   * Reads {@code body} to its end.
   *
   * @throws IOException exactly as reading {@code body} threw it (the client's failure)
   * @throws UncheckedIOException when the spool file cannot be written: the server's failure
   */
  static UnknownLengthBody read(InputStream body, Path spoolDirectory) throws IOException {
    byte[] memory = new byte[MEMORY_BYTES];
    int filled = body.readNBytes(memory, 0, MEMORY_BYTES);
    int next = filled < MEMORY_BYTES ? -1 : body.read(); // one more byte says whether it is longer
    if (next < 0) {
      return new UnknownLengthBody(filled, new ByteArrayInputStream(memory, 0, filled), null);
    }
    FileChannel file = openUnlinked(spoolDirectory);
    boolean done = false;
    try {
      write(file, ByteBuffer.wrap(memory, 0, filled));
      write(file, ByteBuffer.wrap(new byte[] {(byte) next}));
      long length = filled + 1L;
      int n;
      while ((n = body.read(memory)) >= 0) { // the client's failures propagate unchanged
        write(file, ByteBuffer.wrap(memory, 0, n));
        length += n;
      }
      file.position(0);
      done = true;
      return new UnknownLengthBody(length, Channels.newInputStream(file), file);
    } finally {
      if (!done) {
        new UnknownLengthBody(0, InputStream.nullInputStream(), file).close();
      }
    }
  }

  /** A new file, open for reading and writing, whose name is already gone. */
  private static FileChannel openUnlinked(Path spoolDirectory) {
    Path path = null;
    try {
      path = Files.createTempFile(spoolDirectory, PREFIX, ".tmp"); // 0600 on POSIX
      FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Files.delete(path);
      return file;
    } catch (IOException e) {
      if (path != null) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException again) {
          e.addSuppressed(again);
        }
      }
      throw new UncheckedIOException(e);
    }
  }

  private static void write(FileChannel file, ByteBuffer bytes) {
    try {
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body's length, now known. */
  long length() {
    return length;
  }

  /** The body, from its first byte; read once. */
  InputStream content() {
    return content;
  }

  /** True when the body waits on disk rather than in memory. */
  boolean onDisk() {
    return file != null;
  }

  /** Frees the memory or the disk space. Idempotent. */
  @Override
  public void close() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        log.debug("close failed", e);
      }
    }
  }

  /** Removes bodies a crash left between creating and unlinking their file. */
  static void removeStale(Path spoolDirectory) throws IOException {
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(spoolDirectory, PREFIX + "*")) {
      for (Path file : stale) {
        Files.deleteIfExists(file);
      }
    }
  }
}
