package dev.mtserver.storage.fs;

import static dev.mtserver.storage.fs.ResumableFileNames.Kind.INFO;
import static dev.mtserver.storage.fs.ResumableFileNames.Kind.INFO_TEMP;
import static dev.mtserver.storage.fs.ResumableFileNames.Kind.LOCK;
import static dev.mtserver.storage.fs.ResumableFileNames.Kind.PART;
import static dev.mtserver.storage.fs.ResumableFileNames.Kind.PROGRESS;

import dev.mtserver.domain.resumable.UploadId;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.storage.fs.ProgressFile.Progress;
import dev.mtserver.storage.fs.ResumableFileNames.Kind;
import dev.mtserver.storage.fs.UploadLocks.UploadLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a crash left in a resumable-upload directory, put right when a store opens it, upload by
 * upload, each under its lock (so never one that another living process holds):
 *
 * <ul>
 *   <li>Bytes beyond the durable offset (a chunk being written when the server died, perhaps a torn
 *       tail of zeros) are cut off: the offset reported is the one recorded after the last {@code
 *       fdatasync}, and nothing beyond it is ever counted.
 *   <li>Fewer bytes than the recorded offset (the disk lost some, or someone cut the file): the
 *       offset comes down to what is there, with a warning; never more is reported than kept.
 *   <li>A finished upload that was published by a hard link just before the crash, but had not yet
 *       recorded where: its {@code .part} file has a second name, found among the uploads by its
 *       inode and recorded, so it is not published twice.
 *   <li>Half-made uploads (files without a descriptor: a creation cut short) are removed, as are
 *       leftover temporary descriptors.
 *   <li>Whatever else is in the directory is left alone; an upload that cannot be read is left with
 *       a warning for a person to look at. Nothing stops the store from opening.
 * </ul>
 */
final class ResumableRecovery {

  private static final Logger log = LoggerFactory.getLogger(ResumableRecovery.class);

  /** Reads a descriptor: empty when there is none, or when it is damaged (after a warning). */
  @FunctionalInterface
  interface DescriptorReader {
    Optional<UploadDescriptor> read(UploadId id) throws IOException;
  }

  /** Replaces a descriptor whole and durably. */
  @FunctionalInterface
  interface DescriptorWriter {
    void write(UploadDescriptor descriptor) throws IOException;
  }

  private final Path directory;
  private final Path uploadsDirectory;
  private final boolean posix;
  private final DescriptorReader reader;
  private final DescriptorWriter writer;
  private int cutBack;
  private int shortened;
  private int removed;
  private int recorded;
  private int heldElsewhere;

  ResumableRecovery(
      Path directory,
      Path uploadsDirectory,
      boolean posix,
      DescriptorReader reader,
      DescriptorWriter writer) {
    this.directory = directory;
    this.uploadsDirectory = uploadsDirectory;
    this.posix = posix;
    this.reader = reader;
    this.writer = writer;
  }

  /**
   * Recovers every upload in the directory and logs what it did.
   *
   * @throws IOException only when the directory itself cannot be listed
   */
  void run() throws IOException {
    Map<UploadId, Set<Kind>> uploads = new LinkedHashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        ResumableFileNames.parse(entry.getFileName().toString())
            .ifPresent(
                name ->
                    uploads
                        .computeIfAbsent(name.id(), id -> EnumSet.noneOf(Kind.class))
                        .add(name.kind()));
      }
    }
    for (Map.Entry<UploadId, Set<Kind>> upload : uploads.entrySet()) {
      try {
        recover(upload.getKey(), upload.getValue());
      } catch (IOException | RuntimeException e) {
        log.warn(
            "Left resumable upload {} in {} as it was: {}",
            upload.getKey(),
            directory,
            e.toString());
      }
    }
    if (cutBack + shortened + removed + recorded > 0) {
      log.info(
          "Recovered resumable uploads in {}: {} cut back to their durable offset, {} shortened to"
              + " the bytes on disk, {} half-made removed, {} found published",
          directory,
          cutBack,
          shortened,
          removed,
          recorded);
    }
    if (heldElsewhere > 0) {
      log.info(
          "Left {} resumable upload(s) in {} to the process holding them",
          heldElsewhere,
          directory);
    }
  }

  private Path path(UploadId id, Kind kind) {
    return ResumableFileNames.path(directory, id, kind);
  }

  private void recover(UploadId id, Set<Kind> kinds) throws IOException {
    Path lockFile = path(id, LOCK);
    // The lock file is made first and removed last: if this listing saw any other file of the
    // upload, a lock file that exists now was there before it.
    if (!kinds.contains(LOCK) && !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.exists(path(id, INFO), LinkOption.NOFOLLOW_LINKS)) {
        removeFiles(id); // no lock, no descriptor: a creation or removal cut short, nobody's now
        removed++;
        return;
      }
      UploadLocks.create(lockFile, posix).close(); // a lock file removed by hand comes back
    }
    switch (UploadLocks.tryTake(lockFile)) {
      case UploadLocks.Busy busy -> heldElsewhere++;
      case UploadLocks.Missing missing -> {} // removed by its holder meanwhile
      case UploadLocks.Taken taken -> {
        try (UploadLock lock = taken.lock()) {
          if (!Files.exists(path(id, INFO), LinkOption.NOFOLLOW_LINKS)) {
            removeFiles(id);
            lock.deleteAndRelease();
            removed++;
          } else {
            Files.deleteIfExists(path(id, INFO_TEMP));
            reconcile(id);
          }
        }
      }
    }
  }

  /** Brings the bytes and the recorded offset of an existing upload into agreement. */
  private void reconcile(UploadId id) throws IOException {
    Optional<UploadDescriptor> found = reader.read(id);
    if (found.isEmpty()) {
      return; // damaged: the reader has warned; left for a person
    }
    UploadDescriptor descriptor = found.get();
    Path part = path(id, PART);
    if (descriptor.stored().isPresent()) {
      Files.deleteIfExists(part); // published and recorded; this was the file's second name
      return;
    }
    try (FileChannel progressFile =
        FileChannel.open(path(id, PROGRESS), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      Progress progress = ProgressFile.read(progressFile);
      if (!Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
        Files.createFile(part);
        lost(id, progress, 0, progressFile);
        return;
      }
      long size = Files.size(part);
      if (size > progress.offset()) {
        try (FileChannel bytes = FileChannel.open(part, StandardOpenOption.WRITE)) {
          bytes.truncate(progress.offset());
          bytes.force(false);
        }
        cutBack++;
      } else if (size < progress.offset()) {
        lost(id, progress, size, progressFile);
        return;
      }
      boolean complete =
          descriptor.length().isPresent() && descriptor.length().getAsLong() == progress.offset();
      if (complete) {
        Optional<String> name = HardLinks.otherName(part, uploadsDirectory);
        if (name.isPresent()) {
          writer.write(
              new UploadDescriptor(
                  id,
                  descriptor.length(),
                  descriptor.metadata(),
                  descriptor.created(),
                  Optional.of(new StoredFile(name.get(), progress.offset()))));
          Files.delete(part);
          recorded++;
        }
      }
    }
  }

  /** Records that only {@code size} bytes are left, which is all a client will be told of. */
  private void lost(UploadId id, Progress progress, long size, FileChannel progressFile)
      throws IOException {
    log.warn(
        "Resumable upload {} in {} had {} bytes recorded but only {} on disk; it goes on from {}",
        id,
        directory,
        progress.offset(),
        size,
        size);
    ProgressFile.write(progressFile, progress.next(size, progress.expires()));
    shortened++;
  }

  private void removeFiles(UploadId id) {
    for (Kind kind : new Kind[] {INFO_TEMP, PART, PROGRESS}) {
      try {
        Files.deleteIfExists(path(id, kind));
      } catch (IOException e) {
        log.warn("Could not remove {}: {}", path(id, kind), e.toString());
      }
    }
  }
}
