package dev.mtserver.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lock that stands for all of this store's uploads in flight: while any is pending, the store
 * holds an exclusive {@code fcntl} lock on {@code .upload-<owner>.lock}, and every temporary file
 * it creates is named after that owner ({@code .upload-<owner>-<n>.tmp}). Another instance's
 * start-up clean-up deletes an owner's files only once it can lock the owner's lock file itself,
 * which it cannot while this process lives; a crashed process's locks are gone with it.
 *
 * <p>Why one lock for many files, rather than a lock on each? A lock lives only as long as a
 * descriptor: a file locked by itself has to stay open until its request ends, and a request of a
 * hundred files then holds a hundred descriptors (issue 13). With the owner's lock, a file that has
 * been received is forced to disk and closed at once, and a request holds open only the one it is
 * receiving.
 *
 * <p>The lock is taken when the first upload begins and given back (the file deleted, then
 * unlocked) when the last one ends, so an idle server holds nothing open and leaves nothing in the
 * directory; the next upload takes a new owner name. A lock file deleted by another instance's
 * clean-up in the instant between its creation and its lock is noticed once the lock is held, and a
 * new one is made. This JVM's clean-ups never open a lock file it holds (a list in memory): on
 * Linux, closing any channel to a file drops every lock the JVM holds on it. Where the file system
 * has no locks, the owner works without one, and other instances' clean-ups delete its files
 * (docs/operations.md says so). Thread-safe.
 */
final class UploadOwner {

  private static final Logger log = LoggerFactory.getLogger(UploadOwner.class);

  /** How often a new lock file may vanish before its lock is held; once is already rare. */
  private static final int MAX_ATTEMPTS = 3;

  /** The lock files this JVM holds, in every store: JVM-wide because locks are. */
  private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final boolean posix;
  private final SecureRandom random;
  private Held held; // null while no upload is in flight
  private int uploads;

  UploadOwner(Path directory, boolean posix, SecureRandom random) {
    this.directory = directory;
    this.posix = posix;
    this.random = random;
  }

  /** An owner's lock, held: the name its files carry and the descriptor that holds the lock. */
  static final class Held {
    private final String owner;
    private final Path lockFile;
    private final FileChannel channel;
    private final AtomicLong files = new AtomicLong();

    private Held(String owner, Path lockFile, FileChannel channel) {
      this.owner = owner;
      this.lockFile = lockFile;
      this.channel = channel;
    }

    /** A new temporary file name under this owner. */
    Path nextFile(Path directory) {
      return TemporaryNames.part(directory, owner, files.incrementAndGet());
    }
  }

  /** True when this JVM holds {@code lockFile}: a clean-up must not even open it. */
  static boolean heldHere(Path lockFile) {
    return HELD_HERE.contains(lockFile);
  }

  /** Counts one more upload in flight, taking the lock if it is the first. */
  synchronized Held enter() throws IOException {
    if (held == null) {
      held = acquire();
    }
    uploads++;
    return held;
  }

  /** Counts one upload less, giving the lock back after the last; its files must be gone. */
  synchronized void leave(Held owner) {
    if (owner != held || uploads == 0) {
      throw new IllegalStateException("not the current owner");
    }
    if (--uploads == 0) {
      release(held);
      held = null;
    }
  }

  private Held acquire() throws IOException {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      String owner = HexFormat.of().formatHex(randomBytes());
      Path lockFile = TemporaryNames.lockFile(directory, owner);
      HELD_HERE.add(lockFile); // before the file exists: no clean-up in this JVM ever opens it
      FileChannel channel = null;
      try {
        channel = createLocked(lockFile);
        if (channel != null) {
          return new Held(owner, lockFile, channel);
        }
      } finally {
        if (channel == null) {
          HELD_HERE.remove(lockFile);
        }
      }
    }
    throw new IOException("lock files in " + directory + " keep disappearing");
  }

  /**
   * Creates {@code lockFile} and locks it; null if another instance's clean-up deleted it in the
   * moment between the two (the caller takes a new name).
   */
  private FileChannel createLocked(Path lockFile) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileChannel channel =
        posix
            ? FileChannel.open(
                lockFile,
                options,
                PosixFilePermissions.asFileAttribute(FileSystemUploadStore.OWNER_ONLY))
            : FileChannel.open(lockFile, options, new FileAttribute<?>[0]);
    try {
      try {
        channel.lock(); // released when the channel closes, after the lock file is gone
      } catch (IOException noLocks) {
        return channel; // a file system without locks: nothing to wait for, nothing to protect
      }
      try {
        Files.readAttributes(lockFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException deletedBeforeWeLockedIt) {
        channel.close();
        return null;
      }
      return channel;
    } catch (IOException | RuntimeException | Error e) {
      try {
        channel.close();
        Files.deleteIfExists(lockFile);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Deletes the lock file while still holding its lock, then lets go. */
  private static void release(Held owner) {
    try {
      Files.deleteIfExists(owner.lockFile);
    } catch (IOException e) {
      log.warn("Could not remove the upload lock {}: {}", owner.lockFile, e.toString());
    }
    try {
      owner.channel.close();
    } catch (IOException e) {
      log.debug("close failed for {}", owner.lockFile, e);
    } finally {
      HELD_HERE.remove(owner.lockFile);
    }
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return bytes;
  }
}
