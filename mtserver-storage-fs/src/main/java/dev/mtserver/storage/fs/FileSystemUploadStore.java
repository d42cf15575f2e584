package dev.mtserver.storage.fs;

import dev.mtserver.domain.upload.FileNameSanitizer;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadStorePort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UploadStorePort} over a directory: each file is written to a hidden temporary file
 * ({@code .upload-<random>.part}, owner-only permissions) in the uploads directory itself, forced
 * to disk, then given its final name by a hard link that fails if the name exists, so a name is
 * claimed atomically and never overwritten; the temporary name is then removed and the directory
 * forced. Readers therefore see either nothing or the whole file. See ADR 0012.
 *
 * <p>When the file system has no hard links, the final name is claimed by creating it
 * exclusively ({@code CREATE_NEW}) and the temporary file is renamed over that claim: still
 * race-free between uploads, though an empty file is visible for an instant.
 *
 * <p>Temporary files left by a crash (SIGKILL, power loss) are deleted when the store is created.
 * Each pending upload holds an exclusive lock ({@code fcntl}) on its temporary file until the
 * temporary name is gone, and the start-up clean-up deletes only files it can lock itself: so
 * an instance starting beside others that share the uploads directory leaves their uploads in
 * flight alone, while a dead process's locks are gone with it. This JVM's own uploads in flight
 * are also listed in memory, because merely opening and closing their files would drop their
 * locks. Where the file system has no locks, the clean-up deletes every temporary file, as it
 * cannot tell. Thread-safe; each pending upload belongs to one thread.
 */
public final class FileSystemUploadStore implements UploadStorePort {

  private static final Logger log = LoggerFactory.getLogger(FileSystemUploadStore.class);

  static final String TEMP_PREFIX = ".upload-";
  static final String TEMP_SUFFIX = ".part";
  /** Past this many taken numbers, a random suffix ends the search at once. */
  private static final int MAX_NUMBERED = 10_000;
  /**
   * How often a new upload may find its temporary file deleted by another instance's start-up
   * clean-up before it gives up; once is already rare (the two must meet within microseconds).
   */
  private static final int MAX_BEGIN_ATTEMPTS = 3;

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLISHED = PosixFilePermissions.fromString("rw-r--r--");

  /**
   * The temporary files of this JVM's uploads in flight, in every store. The clean-up must not so
   * much as open them: on Linux, closing any channel to a file drops every lock the JVM holds on
   * it (see {@link java.nio.channels.FileLock}), which would leave the upload unprotected against
   * other processes' clean-ups. JVM-wide because locks are.
   */
  private static final Set<Path> IN_FLIGHT_HERE = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final boolean posix;
  private final SecureRandom random = new SecureRandom();

  /**
   * Opens (creating if needed) the uploads directory and removes stale temporary files.
   */
  public FileSystemUploadStore(Path directory) throws IOException {
    Files.createDirectories(directory);
    this.directory = directory.toRealPath();
    this.posix = this.directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    int removed = removeStaleTemporaryFiles();
    if (removed > 0) {
      log.info("Removed {} unfinished upload(s) left in {}", removed, this.directory);
    }
  }

  /** The uploads directory's real path. */
  public Path directory() {
    return directory;
  }

  /** True when {@code fileName} is one of this store's temporary names. */
  static boolean isTemporary(String fileName) {
    return fileName.startsWith(TEMP_PREFIX) && fileName.endsWith(TEMP_SUFFIX);
  }

  private int removeStaleTemporaryFiles() throws IOException {
    int removed = 0;
    int inFlight = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(
        directory, entry -> isTemporary(entry.getFileName().toString()))) {
      for (Path temp : entries) {
        switch (removeUnlessLocked(temp)) {
          case REMOVED -> removed++;
          case IN_FLIGHT -> inFlight++;
          case GONE -> { }
        }
      }
    }
    if (inFlight > 0) {
      log.info("Left {} upload(s) in flight in {}: another process is writing them", inFlight, directory);
    }
    return removed;
  }

  private enum Cleanup { REMOVED, IN_FLIGHT, GONE }

  /** Deletes a temporary file unless a living upload holds its lock. */
  private static Cleanup removeUnlessLocked(Path temp) throws IOException {
    if (IN_FLIGHT_HERE.contains(temp)) {
      return Cleanup.IN_FLIGHT;
    }
    if (!Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) {
      // A link, a directory or a FIFO (whose open would wait for a writer forever) under a
      // temporary name is nobody's upload in flight.
      return Files.deleteIfExists(temp) ? Cleanup.REMOVED : Cleanup.GONE;
    }
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (IOException noLocks) {
        // no locks on this file system: nobody can say it is in use, so it goes
        return Files.deleteIfExists(temp) ? Cleanup.REMOVED : Cleanup.GONE;
      }
      if (lock == null) {
        return Cleanup.IN_FLIGHT; // another process holds it
      }
      // Deleted while locked: an upload that has just created it waits for the lock, then sees
      // its name is gone and starts over under a new one.
      return Files.deleteIfExists(temp) ? Cleanup.REMOVED : Cleanup.GONE;
    } catch (NoSuchFileException finishedMeanwhile) {
      return Cleanup.GONE;
    } catch (AccessDeniedException anotherUsers) {
      // another instance running as another user: its upload may be in flight, and it is not
      // ours to judge
      return Cleanup.IN_FLIGHT;
    }
  }

  @Override
  public long usableSpace() throws IOException {
    return Files.getFileStore(directory).getUsableSpace();
  }

  @Override
  public PendingUpload begin(String safeName) throws IOException {
    if (!FileNameSanitizer.sanitize(safeName).equals(safeName)) {
      throw new IllegalArgumentException("not a sanitised name");
    }
    try {
      for (int attempt = 1; ; attempt++) {
        FilePendingUpload upload = tryBegin(safeName);
        if (upload != null) {
          return upload;
        }
        if (attempt == MAX_BEGIN_ATTEMPTS) {
          throw new IOException("temporary files in " + directory + " keep disappearing");
        }
      }
    } catch (IOException e) {
      throw StorageErrors.classify(e);
    }
  }

  /** An upload with a fresh, locked temporary file; null if it must start over under a new name. */
  private FilePendingUpload tryBegin(String safeName) throws IOException {
    Path temp = directory.resolve(TEMP_PREFIX + HexFormat.of().formatHex(randomBytes()) + TEMP_SUFFIX);
    IN_FLIGHT_HERE.add(temp); // before the file exists: no clean-up in this JVM ever opens it
    FileChannel channel = null;
    try {
      channel = createLocked(temp);
      return channel == null ? null : new FilePendingUpload(safeName, temp, channel);
    } finally {
      if (channel == null) {
        IN_FLIGHT_HERE.remove(temp);
      }
    }
  }

  /**
   * Creates {@code temp} and locks it for the upload's lifetime; null if another instance's
   * start-up clean-up deleted it in the moment between the two (the caller takes a new name).
   */
  private FileChannel createLocked(Path temp) throws IOException {
    Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileChannel channel = posix
        ? FileChannel.open(temp, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : FileChannel.open(temp, options, new FileAttribute<?>[0]);
    try {
      try {
        channel.lock(); // released when the channel closes, after the temporary name is gone
      } catch (IOException noLocks) {
        return channel; // a file system without locks: nothing to wait for, nothing to protect
      }
      try {
        Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException deletedBeforeWeLockedIt) {
        channel.close();
        return null;
      }
      return channel;
    } catch (IOException | RuntimeException | Error e) {
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Claims a free name for {@code temp} and makes it visible there; returns the name. */
  private String publish(Path temp, String safeName) throws IOException {
    if (posix) {
      Files.setPosixFilePermissions(temp, PUBLISHED); // readable like any served file, never executable
    }
    for (int n = 0; ; n++) {
      // After thousands of taken numbers, a random one finds a free name at once.
      int number = n <= MAX_NUMBERED ? n : 1 + random.nextInt(Integer.MAX_VALUE - 1);
      String candidate = FileNameSanitizer.numbered(safeName, number);
      try {
        claim(temp, directory.resolve(candidate));
        return candidate;
      } catch (FileAlreadyExistsException taken) {
        // someone has this name (perhaps an upload committing right now): try the next one
      }
    }
  }

  /**
   * Gives {@code temp}'s file the name {@code target}, failing with {@link
   * FileAlreadyExistsException} if that name exists, never replacing it.
   */
  private static void claim(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp); // link(2): atomic, fails with EEXIST, never replaces
    } catch (FileAlreadyExistsException taken) {
      throw taken;
    } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
      claimThenRename(temp, target); // some file systems (FAT, some FUSE mounts) have no link(2)
      return;
    }
    Files.delete(temp);
  }

  private static void claimThenRename(Path temp, Path target) throws IOException {
    Files.createFile(target); // O_CREAT|O_EXCL: the name is ours, or FileAlreadyExistsException
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(target);
      throw e;
    }
  }

  /** Forces the directory entry changes (link, unlink) to disk, where the platform allows it. */
  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("Cannot force directory {}: {}", directory, e.toString());
    }
  }

  private final class FilePendingUpload implements PendingUpload {

    private final String safeName;
    private final Path temp;
    private final FileChannel channel;
    private long size;
    private boolean finished;

    FilePendingUpload(String safeName, Path temp, FileChannel channel) {
      this.safeName = safeName;
      this.temp = temp;
      this.channel = channel;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (finished) {
        throw new IllegalStateException("upload already finished");
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
      try {
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException e) {
        abort();
        throw StorageErrors.classify(e);
      }
      size += length;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public StoredFile commit() throws IOException {
      if (finished) {
        throw new IllegalStateException("upload already finished");
      }
      String name;
      try {
        channel.force(true);
        name = publish(temp, safeName);
      } catch (IOException e) {
        abort();
        throw StorageErrors.classify(e);
      }
      finished = true;
      // Closed (and unlocked) only now that the temporary name is gone: until then another
      // instance's start-up clean-up must see the upload as in flight. The file is on disk and
      // published already, so a failing close changes nothing for it.
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("close failed for {}", name, e);
      } finally {
        IN_FLIGHT_HERE.remove(temp);
      }
      forceDirectory();
      return new StoredFile(name, size);
    }

    @Override
    public void abort() {
      if (finished) {
        return;
      }
      finished = true;
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        log.warn("Could not remove unfinished upload {}: {}", temp, e.toString());
      }
      try {
        channel.close(); // after the delete: the lock keeps clean-ups away until the name is gone
      } catch (IOException e) {
        log.debug("close failed for {}", temp, e);
      } finally {
        IN_FLIGHT_HERE.remove(temp);
      }
    }
  }
}
