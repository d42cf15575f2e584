package dev.mtserver.dynamic.cgi;

import dev.mtserver.domain.upload.StorageFullException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request bodies wait on disk until their script starts, as nginx and lighttpd buffer them by
 * default (ADR 0017). The script then reads the file itself as its stdin, so no thread feeds it;
 * the file is unlinked as soon as the child has it open. Files are {@code 0600}, named {@value
 * #PREFIX}…, and any left by a crash are removed at start.
 */
final class BodySpool {

  private static final Logger log = LoggerFactory.getLogger(BodySpool.class);
  static final String PREFIX = "cgi-body-";

  /**
   * One copy buffer per body being spooled, which may be one per connection: kept as small as the
   * connection's own input buffer (the disk gets the same bytes in more, equally cheap, writes), so
   * it stays within what the server counts per connection (ADR 0022).
   */
  private static final int BUFFER_BYTES = 16 * 1024;

  private final Path directory;

  BodySpool(Path directory) throws IOException {
    this.directory = Files.createDirectories(directory);
    removeStale();
  }

  /** A spooled body: its file (null when empty) and its length. */
  record Spooled(Path file, long length) {
    void delete() {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          log.warn("Could not delete the spooled body {}: {}", file, e.toString());
        }
      }
    }
  }

  /**
   * The spool's disk is full (ENOSPC, EDQUOT): the client is told 507, as for an upload, rather
   * than a 500 that says nothing of the cause.
   */
  static final class FullException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    FullException(IOException cause) {
      super("the spool directory is full", cause);
    }
  }

  /**
   * Copies {@code body} to a new file.
   *
   * @throws IOException exactly as reading {@code body} threw it (the client's failure)
   * @throws FullException when the disk is full; the partial file has been removed
   * @throws UncheckedIOException when the file cannot be written otherwise: the server's failure
   */
  Spooled spool(InputStream body) throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    int n = body.read(buffer);
    if (n < 0) {
      return new Spooled(null, 0);
    }
    Path file;
    OutputStream out;
    try {
      file = Files.createTempFile(directory, PREFIX, ".tmp"); // 0600 on POSIX
      out = Files.newOutputStream(file);
    } catch (IOException e) {
      throw serverFailure(e);
    }
    long length = 0;
    boolean done = false;
    try {
      while (n >= 0) {
        try {
          out.write(buffer, 0, n);
        } catch (IOException e) {
          throw serverFailure(e);
        }
        length += n;
        n = body.read(buffer); // the client's failures propagate unchanged
      }
      try {
        out.close();
      } catch (IOException e) {
        throw serverFailure(e);
      }
      done = true;
    } finally {
      if (!done) {
        try {
          out.close();
        } catch (IOException e) {
          log.debug("close failed", e);
        }
        new Spooled(file, length).delete();
      }
    }
    return new Spooled(file, length);
  }

  /** A failure to write the spool, as a {@link FullException} when the disk is full. */
  private static UncheckedIOException serverFailure(IOException e) {
    String reason =
        e instanceof FileSystemException fse && fse.getReason() != null
            ? fse.getReason()
            : e.getMessage();
    return StorageFullException.meansFull(reason)
        ? new FullException(e)
        : new UncheckedIOException(e);
  }

  /**
   * Removes the bodies a crash left. Whatever else lies under the spool's names (a directory with
   * files in it, say) is never emptied and never stops the start: it is left with a warning.
   */
  private void removeStale() throws IOException {
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(directory, PREFIX + "*")) {
      for (Path file : stale) {
        try {
          Files.deleteIfExists(file); // never recursive; a link goes, not what it names
        } catch (IOException e) {
          log.warn("Left {} in the spool {}: {}", file.getFileName(), directory, e.toString());
        }
      }
    }
  }
}
