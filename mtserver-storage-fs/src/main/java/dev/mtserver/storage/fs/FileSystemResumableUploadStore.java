package dev.mtserver.storage.fs;

import static dev.mtserver.storage.fs.ResumableFileNames.Kind.INFO;
import static dev.mtserver.storage.fs.ResumableFileNames.Kind.INFO_TEMP;
import static dev.mtserver.storage.fs.ResumableFileNames.Kind.LOCK;
import static dev.mtserver.storage.fs.ResumableFileNames.Kind.PART;
import static dev.mtserver.storage.fs.ResumableFileNames.Kind.PROGRESS;

import dev.mtserver.domain.resumable.ChunkSink;
import dev.mtserver.domain.resumable.HeldUpload;
import dev.mtserver.domain.resumable.ResumableUpload;
import dev.mtserver.domain.resumable.ResumableUploadStorePort;
import dev.mtserver.domain.resumable.UploadId;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.storage.fs.ProgressFile.Progress;
import dev.mtserver.storage.fs.ResumableFileNames.Kind;
import dev.mtserver.storage.fs.UploadLocks.UploadLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ResumableUploadStorePort} over a directory of its own (the app passes {@code
 * DATA/resumable/}), outside the site: unfinished uploads are never served, never listed among the
 * uploads, never counted as one. Each upload is four files named after its id ({@link
 * ResumableFileNames}): a lock, the bytes ({@code .part}), the durable offset and expiry ({@code
 * .progress}, {@link ProgressFile}) and the rest ({@code .info}, {@link UploadDescriptor}). All are
 * created owner-only.
 *
 * <p><b>Durability.</b> A chunk is written into the {@code .part} file at the durable offset; to
 * keep it, the file is forced ({@code fdatasync}), then the new offset is recorded in the progress
 * file and forced too; only then is the offset reported. The descriptor is replaced whole (a
 * temporary file, forced, renamed, the directory forced). After a crash, the bytes beyond the
 * recorded offset (a chunk being written, a torn tail) are cut off when the store opens: an offset
 * it reports is always one it had made durable.
 *
 * <p><b>Publication.</b> Through the {@link FileSystemUploadStore} of the uploads directory, so
 * with its rules (ADR 0012): when both directories are on one file system, the {@code .part} file
 * itself is given a free name there by a hard link ({@code link(2)}: atomic, never replacing, no
 * copy, whatever the size); else its bytes are copied into a hidden temporary file of the uploads
 * store, which publishes that. The {@code .part} name is removed only after the descriptor records
 * where the file went: a crash in between leaves the file published and its second name here, which
 * the next start recognises by its link count and records, rather than publishing a copy. (After a
 * copy, a crash in that instant can leave a second copy.)
 *
 * <p><b>Sharing.</b> Every change holds the upload's lock ({@link UploadLocks}), so several stores,
 * in this JVM or in other processes, may share the directory: none appends to, sweeps or recovers
 * an upload another is holding. When the store opens, it recovers what a crash left ({@link
 * #recover}): offsets cut back to durable ones, half-made uploads removed, nothing held elsewhere
 * touched, and no entry it finds can stop it from opening.
 *
 * <p>Thread-safe; a {@link HeldUpload} belongs to one thread.
 */
public final class FileSystemResumableUploadStore implements ResumableUploadStorePort {

  private static final Logger log = LoggerFactory.getLogger(FileSystemResumableUploadStore.class);

  /** The buffer of a copy into another file system's uploads directory. */
  private static final int COPY_BUFFER = 64 * 1024;

  private final Path directory;
  private final FileSystemUploadStore uploads;
  private final boolean posix;
  private final boolean linkable;

  /**
   * Opens (creating if needed, owner-only) {@code directory} and recovers what a crash left.
   *
   * @param uploads the store of the uploads directory, where finished uploads are published
   */
  public FileSystemResumableUploadStore(Path directory, FileSystemUploadStore uploads)
      throws IOException {
    this(directory, uploads, Publication.LINK_WHERE_POSSIBLE);
  }

  /** How finished uploads reach the uploads directory. */
  enum Publication {
    /** By hard link when both directories are on one file system, else by copy. */
    LINK_WHERE_POSSIBLE,
    /** Always by copy: for tests of the path another file system takes. */
    COPY
  }

  FileSystemResumableUploadStore(
      Path directory, FileSystemUploadStore uploads, Publication publication) throws IOException {
    this.posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(directory)) {
      if (posix) {
        Files.createDirectories(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(directory);
      }
    }
    this.directory = directory.toRealPath();
    this.uploads = uploads;
    this.linkable =
        publication == Publication.LINK_WHERE_POSSIBLE
            && Files.getFileStore(this.directory).equals(Files.getFileStore(uploads.directory()));
    if (!linkable) {
      log.info(
          "Resumable uploads in {} are on another file system than {}: finished ones are copied"
              + " there, not linked",
          this.directory,
          uploads.directory());
    }
    recover();
  }

  /** The directory's real path. */
  public Path directory() {
    return directory;
  }

  private Path path(UploadId id, Kind kind) {
    return ResumableFileNames.path(directory, id, kind);
  }

  // ---- the port ---------------------------------------------------------------------------

  @Override
  public void create(ResumableUpload upload) throws IOException {
    if (upload.offset() != 0 || upload.isPublished()) {
      throw new IllegalArgumentException("a new upload is empty");
    }
    UploadId id = upload.id();
    UploadLock lock;
    try {
      lock = UploadLocks.create(path(id, LOCK), posix);
    } catch (IOException e) {
      throw StorageErrors.classify(e);
    }
    boolean created = false;
    try {
      createOwnerOnly(path(id, PART)).close();
      try (FileChannel progress = createOwnerOnly(path(id, PROGRESS))) {
        ProgressFile.initialise(progress, 0, upload.expires());
      }
      writeDescriptor(UploadDescriptor.of(upload)); // the upload exists from here on
      created = true;
    } catch (IOException e) {
      throw StorageErrors.classify(e);
    } finally {
      if (created) {
        lock.close();
      } else {
        deleteQuietly(id, INFO, INFO_TEMP, PART, PROGRESS);
        lock.deleteAndRelease();
      }
    }
  }

  @Override
  public Optional<ResumableUpload> find(UploadId id) throws IOException {
    Optional<UploadDescriptor> descriptor = readDescriptor(id);
    if (descriptor.isEmpty()) {
      return Optional.empty();
    }
    Optional<Progress> progress = readProgress(id);
    return progress.map(p -> descriptor.get().withProgress(p));
  }

  @Override
  public List<ResumableUpload> list() throws IOException {
    List<ResumableUpload> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.info")) {
      for (Path entry : entries) {
        Optional<ResumableFileNames.Parsed> name =
            ResumableFileNames.parse(entry.getFileName().toString());
        if (name.isPresent() && name.get().kind() == INFO) {
          find(name.get().id()).ifPresent(found::add);
        }
      }
    }
    return found;
  }

  @Override
  public Hold hold(UploadId id) throws IOException {
    return switch (UploadLocks.tryTake(path(id, LOCK))) {
      case UploadLocks.Missing missing -> new Hold.Missing();
      case UploadLocks.Busy busy -> new Hold.Busy();
      case UploadLocks.Taken taken -> held(id, taken.lock());
    };
  }

  private Hold held(UploadId id, UploadLock lock) throws IOException {
    boolean handedOut = false;
    try {
      Optional<UploadDescriptor> descriptor = readDescriptor(id);
      Optional<Progress> progress = descriptor.isPresent() ? readProgress(id) : Optional.empty();
      if (progress.isEmpty()) {
        return new Hold.Missing(); // half-made or half-removed: the next start's recovery decides
      }
      handedOut = true;
      return new Hold.Held(new Held(id, lock, descriptor.get(), progress.get()));
    } finally {
      if (!handedOut) {
        lock.close();
      }
    }
  }

  @Override
  public long usableSpace() throws IOException {
    return Files.getFileStore(directory).getUsableSpace();
  }

  // ---- files ------------------------------------------------------------------------------

  private Optional<UploadDescriptor> readDescriptor(UploadId id) throws IOException {
    byte[] json;
    try {
      json = Files.readAllBytes(path(id, INFO));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    }
    try {
      return Optional.of(UploadDescriptor.fromJson(json));
    } catch (IOException damaged) {
      log.warn(
          "Resumable upload {} in {} cannot be read and is ignored: {}",
          id,
          directory,
          damaged.getMessage());
      return Optional.empty();
    }
  }

  private Optional<Progress> readProgress(UploadId id) throws IOException {
    try (FileChannel channel = FileChannel.open(path(id, PROGRESS), StandardOpenOption.READ)) {
      return Optional.of(ProgressFile.read(channel));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException damaged) {
      if (!Files.exists(path(id, PROGRESS))) {
        return Optional.empty();
      }
      log.warn(
          "Resumable upload {} in {} has no readable offset and is ignored: {}",
          id,
          directory,
          damaged.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Replaces the descriptor whole: a forced temporary file renamed over it, the directory forced.
   */
  private void writeDescriptor(UploadDescriptor descriptor) throws IOException {
    Path temp = path(descriptor.id(), INFO_TEMP);
    Set<StandardOpenOption> options =
        EnumSet.of(
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    try (FileChannel channel =
        posix
            ? FileChannel.open(
                temp,
                options,
                PosixFilePermissions.asFileAttribute(FileSystemUploadStore.OWNER_ONLY))
            : FileChannel.open(temp, options, new FileAttribute<?>[0])) {
      ByteBuffer json = ByteBuffer.wrap(descriptor.toJson());
      while (json.hasRemaining()) {
        channel.write(json);
      }
      channel.force(true);
    }
    Files.move(
        temp,
        path(descriptor.id(), INFO),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    forceDirectory();
  }

  private FileChannel createOwnerOnly(Path file) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return posix
        ? FileChannel.open(
            file, options, PosixFilePermissions.asFileAttribute(FileSystemUploadStore.OWNER_ONLY))
        : FileChannel.open(file, options, new FileAttribute<?>[0]);
  }

  /**
   * Forces the directory's entries (creations, renames, removals) to disk, where the platform
   * allows it.
   */
  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("Cannot force directory {}: {}", directory, e.toString());
    }
  }

  private void deleteQuietly(UploadId id, Kind... kinds) {
    for (Kind kind : kinds) {
      try {
        Files.deleteIfExists(path(id, kind));
      } catch (IOException e) {
        log.warn("Could not remove {}: {}", path(id, kind), e.toString());
      }
    }
  }

  /** Gives the complete {@code part} a free name in the uploads directory; the name it got. */
  private StoredFile publishFile(Path part, String safeName) throws IOException {
    if (linkable) {
      try {
        return uploads.adopt(part, safeName);
      } catch (FileSystemException | UnsupportedOperationException noLink) {
        log.debug(
            "No hard link from {} to the uploads directory, copying: {}", part, noLink.toString());
      }
    }
    PendingUpload copy = uploads.begin(safeName);
    try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
      byte[] buffer = new byte[COPY_BUFFER];
      ByteBuffer wrapped = ByteBuffer.wrap(buffer);
      int read;
      while ((read = in.read(wrapped.clear())) >= 0) {
        copy.write(buffer, 0, read);
      }
      return copy.commit();
    } finally {
      copy.abort(); // nothing after a commit
    }
  }

  // ---- a held upload ----------------------------------------------------------------------

  private final class Held implements HeldUpload {
    private final UploadId id;
    private final UploadLock lock;
    private UploadDescriptor descriptor;
    private Progress progress;
    private FileChannel part; // opened by the first chunk
    private FileChannel progressChannel; // opened by the first change of progress
    private boolean ended;

    Held(UploadId id, UploadLock lock, UploadDescriptor descriptor, Progress progress) {
      this.id = id;
      this.lock = lock;
      this.descriptor = descriptor;
      this.progress = progress;
    }

    @Override
    public ResumableUpload upload() {
      return descriptor.withProgress(progress);
    }

    @Override
    public ChunkSink startChunk() throws IOException {
      checkHeld();
      if (descriptor.stored().isPresent()) {
        throw new IllegalStateException("the upload is published already");
      }
      try {
        if (part == null) {
          part = FileChannel.open(path(id, PART), StandardOpenOption.WRITE);
        }
        long size = part.size();
        if (size < progress.offset()) {
          throw new IOException("upload " + id + " has lost bytes below its offset");
        }
        if (size > progress.offset()) {
          part.truncate(progress.offset()); // a discarded chunk's or a crash's tail
        }
      } catch (IOException e) {
        throw StorageErrors.classify(e);
      }
      return new Sink();
    }

    @Override
    public ResumableUpload declareLength(long length) throws IOException {
      checkHeld();
      UploadDescriptor declared = UploadDescriptor.of(upload().withLength(length));
      try {
        writeDescriptor(declared);
      } catch (IOException e) {
        throw StorageErrors.classify(e);
      }
      descriptor = declared;
      return upload();
    }

    @Override
    public ResumableUpload publish(String safeName, Instant expires) throws IOException {
      checkHeld();
      ResumableUpload upload = upload();
      if (!upload.hasAllBytes() || upload.isPublished()) {
        throw new IllegalStateException("only a complete, unpublished upload is published");
      }
      closePart();
      Path part = path(id, PART);
      // Published already, though not recorded (a failure right after the link): record that name.
      Optional<String> linked =
          linkable ? HardLinks.otherName(part, uploads.directory()) : Optional.empty();
      StoredFile stored =
          linked.isPresent()
              ? new StoredFile(linked.get(), upload.offset())
              : publishFile(part, safeName);
      ResumableUpload published = upload.published(stored, expires);
      writeDescriptor(
          UploadDescriptor.of(published)); // from here on the upload knows where it went
      descriptor = UploadDescriptor.of(published);
      recordProgress(progress.next(published.offset(), expires));
      Files.deleteIfExists(part); // with a link: the published file's second name
      forceDirectory();
      return upload();
    }

    @Override
    public void delete() throws IOException {
      checkHeld();
      closeChannels();
      Files.deleteIfExists(path(id, INFO)); // the upload is gone from here on
      deleteQuietly(id, INFO_TEMP, PART, PROGRESS);
      forceDirectory();
      ended = true;
      lock.deleteAndRelease();
    }

    @Override
    public void close() {
      if (!ended) {
        ended = true;
        closeChannels();
        lock.close();
      }
    }

    private void recordProgress(Progress next) throws IOException {
      if (progressChannel == null) {
        progressChannel = FileChannel.open(path(id, PROGRESS), StandardOpenOption.WRITE);
      }
      ProgressFile.write(progressChannel, next);
      progress = next;
    }

    private void checkHeld() {
      if (ended) {
        throw new IllegalStateException("upload " + id + " is not held any more");
      }
    }

    private void closePart() {
      if (part != null) {
        close(part);
        part = null;
      }
    }

    private void closeChannels() {
      closePart();
      if (progressChannel != null) {
        close(progressChannel);
        progressChannel = null;
      }
    }

    private void close(FileChannel channel) {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("close failed for upload {}", id, e);
      }
    }

    /** The chunk being written at the durable offset. */
    private final class Sink implements ChunkSink {
      private long pending;

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        checkHeld();
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        long at = progress.offset() + pending;
        try {
          while (buffer.hasRemaining()) {
            at += part.write(buffer, at);
          }
        } catch (IOException e) {
          throw StorageErrors.classify(e);
        }
        pending += length;
      }

      @Override
      public long pending() {
        return pending;
      }

      @Override
      public ResumableUpload keep(Instant expires) throws IOException {
        checkHeld();
        try {
          part.force(false); // the bytes first: fdatasync, the file's length with them
          recordProgress(progress.next(progress.offset() + pending, expires)); // then the offset
        } catch (IOException e) {
          throw StorageErrors.classify(e);
        }
        pending = 0;
        return upload();
      }

      @Override
      public void discard() {
        pending = 0;
        try {
          part.truncate(progress.offset());
        } catch (IOException e) {
          // harmless: the next chunk, or the next start, cuts the file back to the offset first
          log.debug("Could not cut upload {} back to {}: {}", id, progress.offset(), e.toString());
        }
      }
    }
  }

  // ---- recovery ---------------------------------------------------------------------------

  /**
   * What a crash left, put right before the store serves anything: see {@link ResumableRecovery}.
   */
  private void recover() throws IOException {
    new ResumableRecovery(
            directory, uploads.directory(), posix, this::readDescriptor, this::writeDescriptor)
        .run();
  }
}
