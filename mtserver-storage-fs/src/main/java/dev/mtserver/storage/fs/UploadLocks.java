package dev.mtserver.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock of one resumable upload ({@code <id>.lock}): whoever changes the upload holds an
 * exclusive {@code fcntl} lock on it, whether a request appending a chunk, the sweep removing it,
 * or the recovery of a store starting beside it; another process sharing the directory sees the
 * lock and keeps off. The same rules as the upload store's {@link UploadOwner} (ADR 0012):
 *
 * <ul>
 *   <li>A lock lives as long as the process: a crashed server's uploads are free again at once, and
 *       resume on the next start.
 *   <li>This JVM never opens a lock file it holds (a set in memory, shared by every store of the
 *       JVM): on Linux, closing any channel to a file drops every lock the process holds on it, so
 *       even a refused attempt would free the upload for other processes. A second attempt from
 *       this JVM is simply told the upload is busy.
 *   <li>A lock file is deleted only while held, and a lock taken on a file deleted in the meantime
 *       is noticed (the name is gone) and let go.
 *   <li>Where the file system has no locks, holding works within this JVM only, and
 *       docs/operations.md says that two servers must not share such a directory.
 * </ul>
 */
final class UploadLocks {

  private static final Logger log = LoggerFactory.getLogger(UploadLocks.class);

  /** The lock files this JVM holds or is about to open, in every store. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private UploadLocks() {}

  /** The answer of {@link #tryTake}. */
  sealed interface Attempt {}

  record Taken(UploadLock lock) implements Attempt {}

  /** The lock file does not exist (the upload was never made, or is gone). */
  record Missing() implements Attempt {}

  /** Someone holds it: a thread of this JVM, or another process. */
  record Busy() implements Attempt {}

  /** Takes the lock of an existing upload without waiting. */
  static Attempt tryTake(Path lockFile) throws IOException {
    if (!HELD_HERE.add(lockFile)) {
      return new Busy();
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      HELD_HERE.remove(lockFile);
      if (e instanceof NoSuchFileException) {
        return new Missing();
      }
      throw e;
    }
    boolean taken = false;
    try {
      if (!tryLock(channel)) {
        return new Busy();
      }
      if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
        return new Missing(); // deleted by its holder between our open and our lock
      }
      taken = true;
      return new Taken(new UploadLock(lockFile, channel));
    } finally {
      if (!taken) {
        closeQuietly(channel, lockFile);
      }
    }
  }

  /**
   * Creates the lock file of a new upload and takes its lock, waiting for a clean-up in another
   * process that may have found it half-made.
   *
   * @throws java.nio.file.FileAlreadyExistsException when the upload exists
   * @throws IOException when the new file vanished before it was locked (another start-up's
   *     recovery took it for a crash's leftover); the caller may try another id
   */
  static UploadLock create(Path lockFile, boolean posix) throws IOException {
    if (!HELD_HERE.add(lockFile)) {
      throw new IOException("lock " + lockFile.getFileName() + " is held in this process");
    }
    FileChannel channel;
    try {
      Set<StandardOpenOption> options =
          EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      channel =
          posix
              ? FileChannel.open(
                  lockFile,
                  options,
                  PosixFilePermissions.asFileAttribute(FileSystemUploadStore.OWNER_ONLY))
              : FileChannel.open(lockFile, options, new FileAttribute<?>[0]);
    } catch (IOException | RuntimeException e) {
      HELD_HERE.remove(lockFile);
      throw e;
    }
    boolean taken = false;
    try {
      try {
        channel.lock(); // waits while another start-up's recovery looks at it
      } catch (IOException noLocks) {
        log.debug("No locks on {}: {}", lockFile, noLocks.toString());
      }
      if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("lock " + lockFile.getFileName() + " was removed before it was held");
      }
      taken = true;
      return new UploadLock(lockFile, channel);
    } finally {
      if (!taken) {
        closeQuietly(channel, lockFile);
      }
    }
  }

  /** True when this process got the lock; also on a file system without locks. */
  private static boolean tryLock(FileChannel channel) {
    try {
      return channel.tryLock() != null; // released when the channel closes
    } catch (IOException noLocks) {
      return true; // nobody can say it is in use
    }
  }

  private static void closeQuietly(FileChannel channel, Path lockFile) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("close failed for {}", lockFile, e);
    } finally {
      HELD_HERE.remove(lockFile);
    }
  }

  /** A held lock. */
  static final class UploadLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private boolean released;

    private UploadLock(Path file, FileChannel channel) {
      this.file = file;
      this.channel = channel;
    }

    /** Deletes the lock file while still holding it (the upload is gone), then lets go. */
    void deleteAndRelease() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Could not remove the lock {}: {}", file, e.toString());
      }
      close();
    }

    /** Lets go. Never fails; safe to call more than once. */
    @Override
    public void close() {
      if (!released) {
        released = true;
        closeQuietly(channel, file);
      }
    }
  }
}
