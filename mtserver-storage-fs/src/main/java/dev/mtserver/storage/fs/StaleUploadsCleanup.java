package dev.mtserver.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up clean-up of an uploads directory: removes the temporary files that crashed processes
 * left ({@link TemporaryNames}), and nothing that a living process is still writing.
 *
 * <ul>
 *   <li>An owner's files ({@code .upload-<owner>-<n>.tmp}) go with its lock file once this clean-up
 *       holds that lock itself: the process that held it is gone. If the lock is held elsewhere (or
 *       belongs to another user), they stay. If the lock file is gone, nobody is writing them (an
 *       owner's lock outlives its files) and they go.
 *   <li>An older version's files ({@code .upload-*.part}) are locked by themselves and are judged
 *       one by one, as that version did.
 *   <li>This JVM's own owners are never opened ({@link UploadOwner#heldHere}).
 *   <li>Nothing found is ever opened unless it is a regular file (a FIFO would block the open),
 *       followed if it is a link, or emptied if it is a directory. What is not a regular file is
 *       removed when it can be (a link, a FIFO, a socket, an empty directory); what cannot be
 *       removed is left with a warning. No entry can stop the store from opening (issue 13).
 *   <li>Where the file system has no locks, nobody can tell what is in use: everything goes.
 * </ul>
 */
final class StaleUploadsCleanup {

  private static final Logger log = LoggerFactory.getLogger(StaleUploadsCleanup.class);

  private final Path directory;
  private int removed;
  private int inFlight;

  private StaleUploadsCleanup(Path directory) {
    this.directory = directory;
  }

  /**
   * Cleans {@code directory} (a real path) and logs what it did.
   *
   * @throws IOException only when the directory itself cannot be listed
   */
  static void run(Path directory) throws IOException {
    StaleUploadsCleanup cleanup = new StaleUploadsCleanup(directory);
    cleanup.clean();
    if (cleanup.removed > 0) {
      log.info("Removed {} unfinished upload file(s) left in {}", cleanup.removed, directory);
    }
    if (cleanup.inFlight > 0) {
      log.info(
          "Left {} upload file(s) in flight in {}: another process is writing them",
          cleanup.inFlight,
          directory);
    }
  }

  private void clean() throws IOException {
    Map<String, List<Path>> filesByOwner = new LinkedHashMap<>();
    List<Path> legacy = new ArrayList<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(
            directory, entry -> entry.getFileName().toString().startsWith(TemporaryNames.PREFIX))) {
      for (Path entry : entries) {
        switch (TemporaryNames.classify(entry.getFileName().toString())) {
          case TemporaryNames.OwnerLock lock ->
              filesByOwner.computeIfAbsent(lock.owner(), o -> new ArrayList<>());
          case TemporaryNames.Part part ->
              filesByOwner.computeIfAbsent(part.owner(), o -> new ArrayList<>()).add(entry);
          case TemporaryNames.Legacy old -> legacy.add(entry);
          case TemporaryNames.NotOurs notOurs -> {}
        }
      }
    }
    for (Map.Entry<String, List<Path>> owner : filesByOwner.entrySet()) {
      cleanOwner(owner.getKey(), owner.getValue());
    }
    for (Path file : legacy) {
      cleanLegacy(file);
    }
  }

  /** Removes an owner's files and lock unless a living process holds the lock. */
  private void cleanOwner(String owner, List<Path> files) {
    Path lockFile = TemporaryNames.lockFile(directory, owner);
    if (UploadOwner.heldHere(lockFile)) {
      inFlight += files.size();
      return;
    }
    if (!Files.isRegularFile(lockFile, LinkOption.NOFOLLOW_LINKS)) {
      // No lock file (its owner has finished, or was cleaned up), or something the store never
      // made under its name: nobody is writing these files.
      removeAll(files);
      remove(lockFile);
      return;
    }
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      if (!lockedElsewhere(channel)) {
        removeAll(files); // while holding the lock: its owner cannot come back under this name
        remove(lockFile);
      } else {
        inFlight += files.size();
      }
    } catch (NoSuchFileException finishedMeanwhile) {
      removeAll(files);
    } catch (AccessDeniedException anotherUsers) {
      // another instance running as another user: its uploads may be in flight, not ours to judge
      inFlight += files.size();
    } catch (IOException e) {
      log.warn(
          "Left the upload files of {} in {}: {}", lockFile.getFileName(), directory, e.toString());
    }
  }

  /** An older version's temporary file: removed unless a living upload holds its own lock. */
  private void cleanLegacy(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      remove(file); // a link, a directory, a FIFO or a socket is nobody's upload in flight
      return;
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      if (lockedElsewhere(channel)) {
        inFlight++;
      } else {
        remove(file); // while locked: an older upload that has just created it starts over
      }
    } catch (NoSuchFileException finishedMeanwhile) {
      // gone already
    } catch (AccessDeniedException anotherUsers) {
      inFlight++;
    } catch (IOException e) {
      log.warn("Left {} in {}: {}", file.getFileName(), directory, e.toString());
    }
  }

  /** True when another process holds a lock on the file; false on a file system without locks. */
  private static boolean lockedElsewhere(FileChannel channel) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock(); // released when the channel closes
    } catch (IOException noLocks) {
      return false; // nobody can say it is in use, so it goes
    }
    return lock == null;
  }

  private void removeAll(List<Path> files) {
    for (Path file : files) {
      remove(file);
    }
  }

  /** Deletes one entry, never recursively; what cannot be deleted is left with a warning. */
  private void remove(Path entry) {
    try {
      if (Files.deleteIfExists(entry)) {
        removed++;
      }
    } catch (DirectoryNotEmptyException e) {
      log.warn(
          "Left {} in {}: a directory under an upload's temporary name, not empty;"
              + " it is not the server's, remove it by hand",
          entry.getFileName(),
          directory);
    } catch (IOException e) {
      log.warn("Could not remove {} from {}: {}", entry.getFileName(), directory, e.toString());
    }
  }
}
