package dev.mtserver.storage.fs;

import com.google.common.util.concurrent.Striped;
import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.content.Validator;
import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.DeferredSecureRandom;
import dev.mtserver.domain.upload.FileNameSanitizer;
import dev.mtserver.domain.upload.NameCandidates;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.named.FileChangedException;
import dev.mtserver.domain.upload.named.NameTakenException;
import dev.mtserver.domain.upload.named.NamedFileStorePort;
import dev.mtserver.domain.upload.named.NamedPendingUpload;
import dev.mtserver.domain.upload.named.NoSuchStoredFileException;
import dev.mtserver.domain.upload.named.PublishedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UploadStorePort} over a directory: each file is written to a hidden temporary file ({@code
 * .upload-<owner>-<n>.tmp}, owner-only permissions) in the uploads directory itself, forced to disk
 * and closed as soon as its last byte is in ({@link PendingUpload#seal}), then, when its request
 * commits, given its final name by a hard link that fails if the name exists, so a name is claimed
 * atomically and never overwritten; the temporary name is then removed and the directory forced.
 * Readers therefore see either nothing or the whole file. See ADR 0012.
 *
 * <p>Names are tried in the order of {@link NameCandidates}: a bounded number of claims per file,
 * whatever the directory holds. A name this JVM's file-name charset cannot spell is stored under a
 * spelling it can ({@link FileNameEncoding}).
 *
 * <p>When the file system has no hard links, the final name is claimed by creating it exclusively
 * ({@code CREATE_NEW}) and the temporary file is renamed over that claim: still race-free between
 * uploads, though an empty file is visible for an instant.
 *
 * <p>Temporary files left by a crash (SIGKILL, power loss) are deleted when the store is created
 * ({@link StaleUploadsCleanup}), except those of other living instances sharing the directory:
 * while any upload is in flight the store holds the lock of its {@link UploadOwner}, whose name
 * every temporary file carries. Thread-safe; each pending upload belongs to one thread.
 *
 * <p>Files named by their client ({@link NamedFileStorePort}, {@code PUT} and {@code DELETE}): a
 * new one is claimed by one hard link under its exact name, failing if it is taken; a replacement
 * is written and forced like any upload, then renamed over the file it replaces ({@code rename(2)},
 * atomic: readers see the old bytes or the new), after its entity tag was checked again; a removal
 * checks the tag too, then unlinks. Replacements and removals of one name are serialised in this
 * JVM, so two of them never both pass the check. What stays open: another process sharing the
 * directory (a second instance, a person's editor) may change the file between the check and the
 * rename or unlink, a window of a few microseconds; POSIX has no compare-and-rename. ADR 0046.
 */
public final class FileSystemUploadStore implements NamedFileStorePort {

  private static final Logger log = LoggerFactory.getLogger(FileSystemUploadStore.class);

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLISHED =
      PosixFilePermissions.fromString("rw-r--r--");

  /**
   * Gives a temporary file a final name, failing with {@link FileAlreadyExistsException} if taken.
   */
  @FunctionalInterface
  interface NameClaim {
    void claim(Path temp, Path target) throws IOException;
  }

  private final Path directory;
  private final boolean posix;
  private final SecureRandom random = new DeferredSecureRandom(); // drawn from at the first upload
  private final UploadOwner owner;
  private final NameClaim claim;
  private final FileNameEncoding encoding;
  private final UploadArea area;

  /** Serialises the check and the change of a replacement or removal, per name. */
  private final Striped<Lock> nameLocks = Striped.lock(64);

  /**
   * Opens (creating if needed) an uploads directory that is not part of the site (its files have no
   * URL), and removes stale temporary files.
   */
  public FileSystemUploadStore(Path directory) throws IOException {
    this(directory, null, FileSystemUploadStore::linkOrRename, FileNameEncoding.platform());
  }

  /**
   * Opens (creating if needed) the uploads directory of the site whose root is {@code siteRoot},
   * and removes stale temporary files. Its files appear in the site where the directory lies below
   * the root ({@link #area}).
   */
  public FileSystemUploadStore(Path directory, Path siteRoot) throws IOException {
    this(directory, siteRoot, FileSystemUploadStore::linkOrRename, FileNameEncoding.platform());
  }

  /**
   * Opens (creating if needed) an uploads directory whose files appear in the site at {@code area}
   * wherever the directory lies: the app mounts it there when the site itself is kept elsewhere (a
   * site in a bucket, ADR 0042), and removes stale temporary files.
   */
  public FileSystemUploadStore(Path directory, UploadArea area) throws IOException {
    this(
        directory,
        null,
        FileSystemUploadStore::linkOrRename,
        FileNameEncoding.platform(),
        Objects.requireNonNull(area, "area"));
  }

  /** With another way to claim names, or another file-name charset: for tests. */
  FileSystemUploadStore(Path directory, NameClaim claim, FileNameEncoding encoding)
      throws IOException {
    this(directory, null, claim, encoding);
  }

  private FileSystemUploadStore(
      Path directory, Path siteRoot, NameClaim claim, FileNameEncoding encoding)
      throws IOException {
    this(directory, siteRoot, claim, encoding, null);
  }

  private FileSystemUploadStore(
      Path directory,
      Path siteRoot,
      NameClaim claim,
      FileNameEncoding encoding,
      UploadArea mountedAt)
      throws IOException {
    Files.createDirectories(directory);
    this.directory = directory.toRealPath();
    if (mountedAt != null) {
      this.area = mountedAt;
    } else {
      this.area =
          siteRoot == null
              ? UploadArea.outsideSite()
              : areaWithin(siteRoot.toRealPath(), this.directory);
    }
    this.posix = this.directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.owner = new UploadOwner(this.directory, posix, random);
    this.claim = claim;
    this.encoding = encoding;
    StaleUploadsCleanup.run(this.directory);
  }

  /** The uploads directory's real path. */
  public Path directory() {
    return directory;
  }

  /**
   * Where the uploads directory appears in the site: at its path below the root, when it lies there
   * and no segment of that path is hidden (hidden names are never served); else nowhere.
   */
  @Override
  public UploadArea area() {
    return area;
  }

  /**
   * The upload area of {@code realUploads} in a site whose root's real path is {@code realRoot}.
   */
  static UploadArea areaWithin(Path realRoot, Path realUploads) {
    if (!realUploads.startsWith(realRoot)) {
      return UploadArea.outsideSite();
    }
    List<String> segments = new ArrayList<>();
    for (Path segment : realRoot.relativize(realUploads)) {
      String name = segment.toString();
      if (name.isEmpty()) {
        continue; // the uploads directory is the root itself
      }
      if (SitePath.isHiddenName(name)) {
        return UploadArea.outsideSite();
      }
      segments.add(name);
    }
    try {
      return UploadArea.at(SitePath.of(segments, true));
    } catch (InvalidSitePathException e) {
      return UploadArea.outsideSite(); // a name no URL can reach
    }
  }

  /** True when {@code fileName} is one of this store's temporary names (or an older version's). */
  static boolean isTemporary(String fileName) {
    return TemporaryNames.isTemporary(fileName);
  }

  @Override
  public long usableSpace() throws IOException {
    return Files.getFileStore(directory).getUsableSpace();
  }

  @Override
  public PendingUpload begin(String safeName) throws IOException {
    return start(safeName);
  }

  @Override
  public NamedPendingUpload beginNamed(String name) throws IOException {
    return start(name);
  }

  /**
   * The tag {@link FileSystemSite} serves for the same file: made from its modification time and
   * size ({@link Validator#fromModification}). A symbolic link, a directory or anything else that
   * is not a regular file has none.
   */
  @Override
  public Optional<EntityTag> entityTag(String name) throws IOException {
    return currentTag(target(name));
  }

  @Override
  public void delete(String name, Optional<EntityTag> expected) throws IOException {
    Path target = target(name);
    Lock lock = nameLocks.get(target.getFileName().toString());
    lock.lock();
    try {
      Optional<EntityTag> current = currentTag(target);
      if (current.isEmpty()) {
        throw new NoSuchStoredFileException(name);
      }
      if (expected.isPresent() && !expected.equals(current)) {
        throw new FileChangedException(name);
      }
      Files.delete(target);
    } catch (NoSuchFileException gone) {
      throw new NoSuchStoredFileException(name);
    } finally {
      lock.unlock();
    }
    forceDirectory();
  }

  /** Where the file of the sanitised {@code name} is, as this file system spells it. */
  private Path target(String name) {
    if (!FileNameSanitizer.sanitize(name).equals(name)) {
      throw new IllegalArgumentException("not a sanitised name");
    }
    return directory.resolve(encoding.storable(name, directory));
  }

  /** The tag of the regular file {@code file}, if it is one (links not followed). */
  private static Optional<EntityTag> currentTag(Path file) throws IOException {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attributes.isRegularFile() || isTemporary(file.getFileName().toString())) {
        return Optional.empty();
      }
      return Optional.of(tagOf(attributes));
    } catch (NoSuchFileException | InvalidPathException absent) {
      return Optional.empty();
    }
  }

  private static EntityTag tagOf(BasicFileAttributes attributes) {
    return Validator.fromModification(attributes.lastModifiedTime().toInstant(), attributes.size())
        .entityTag();
  }

  private FilePendingUpload start(String safeName) throws IOException {
    if (!FileNameSanitizer.sanitize(safeName).equals(safeName)) {
      throw new IllegalArgumentException("not a sanitised name");
    }
    String storableName = encoding.storable(safeName, directory);
    UploadOwner.Held held;
    try {
      held = owner.enter();
    } catch (IOException e) {
      throw StorageErrors.classify(e); // a full disk may refuse the lock file too
    }
    Path temp = held.nextFile(directory);
    try {
      return new FilePendingUpload(storableName, temp, create(temp), held);
    } catch (IOException e) {
      owner.leave(held);
      throw StorageErrors.classify(e);
    } catch (RuntimeException | Error e) {
      owner.leave(held);
      throw e;
    }
  }

  private FileChannel create(Path temp) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return posix
        ? FileChannel.open(temp, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : FileChannel.open(temp, options, new FileAttribute<?>[0]);
  }

  /**
   * Publishes {@code complete}, a whole, durable file kept elsewhere on this file system (a
   * finished resumable upload), exactly as a committed upload: mode {@code 0644}, a free name
   * derived from {@code safeName} in the order of {@link NameCandidates}, claimed by a hard link
   * that never replaces anything, then the directory forced. {@code complete} keeps its own name
   * too: its owner removes it once it has recorded where the file went, so a crash in between
   * leaves a second name for the file, never a lost one.
   *
   * @param safeName a name already passed through {@link FileNameSanitizer#sanitize}
   * @throws FileSystemException when no hard link can be made to {@code complete} (another file
   *     system, or one without hard links): nothing was published, and the caller may copy it
   *     through {@link #begin} instead
   */
  StoredFile adopt(Path complete, String safeName) throws IOException {
    if (!FileNameSanitizer.sanitize(safeName).equals(safeName)) {
      throw new IllegalArgumentException("not a sanitised name");
    }
    long size = Files.size(complete);
    String stored;
    try {
      stored =
          publish(
              complete, encoding.storable(safeName, directory), FileSystemUploadStore::linkOnly);
    } catch (IOException e) {
      throw StorageErrors.classify(e);
    }
    forceDirectory();
    return new StoredFile(stored, size);
  }

  /** Gives {@code file} the name {@code target} too, failing if that name exists. */
  private static void linkOnly(Path file, Path target) throws IOException {
    Files.createLink(target, file); // link(2): atomic, fails with EEXIST, never replaces
  }

  /** Claims a free name for {@code temp} and makes it visible there; returns the name. */
  private String publish(Path temp, String name) throws IOException {
    return publish(temp, name, claim);
  }

  private String publish(Path temp, String name, NameClaim claim) throws IOException {
    if (posix) {
      Files.setPosixFilePermissions(
          temp, PUBLISHED); // readable like any served file, never executable
    }
    for (int attempt = 0; attempt < NameCandidates.MAX_ATTEMPTS; attempt++) {
      String candidate = NameCandidates.candidate(name, attempt, random);
      try {
        claim.claim(temp, directory.resolve(candidate));
        return candidate;
      } catch (FileAlreadyExistsException taken) {
        // someone has this name (perhaps an upload committing right now): try the next one
      }
    }
    throw new IOException(
        "no free name for " + name + " after " + NameCandidates.MAX_ATTEMPTS + " tries");
  }

  /**
   * Gives {@code temp}'s file the name {@code target}, failing with {@link
   * FileAlreadyExistsException} if that name exists, never replacing it.
   */
  private static void linkOrRename(Path temp, Path target) throws IOException {
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

  /** Where a pending upload is in its life: it only ever moves forward. */
  private enum State {
    /** Bytes are arriving; the temporary file is open. */
    WRITING,
    /** Every byte is on disk; the file is closed and waits, hidden, for its request to end. */
    SEALED,
    /** Committed or aborted: the temporary name is gone, the owner's count given back. */
    ENDED
  }

  private final class FilePendingUpload implements NamedPendingUpload {

    private final String name;
    private final Path temp;
    private final FileChannel channel;
    private final UploadOwner.Held held;
    private State state = State.WRITING;
    private long size;

    FilePendingUpload(String name, Path temp, FileChannel channel, UploadOwner.Held held) {
      this.name = name;
      this.temp = temp;
      this.channel = channel;
      this.held = held;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (state != State.WRITING) {
        throw new IllegalStateException(
            "upload already " + state.name().toLowerCase(java.util.Locale.ROOT));
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
    public void seal() throws IOException {
      if (state == State.ENDED) {
        throw new IllegalStateException("upload already ended");
      }
      if (state == State.SEALED) {
        return;
      }
      try {
        channel.force(true); // durable before it is closed, and long before it is visible
        channel.close(); // the owner's lock, not this descriptor, keeps other clean-ups away
      } catch (IOException e) {
        abort();
        throw StorageErrors.classify(e);
      }
      state = State.SEALED;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public StoredFile commit() throws IOException {
      seal();
      String stored;
      try {
        stored = publish(temp, name);
      } catch (IOException e) {
        abort();
        throw StorageErrors.classify(e);
      }
      end();
      forceDirectory();
      return new StoredFile(stored, size);
    }

    @Override
    public PublishedFile commitNew() throws IOException {
      EntityTag tag = sealForPublishing();
      try {
        claim.claim(temp, directory.resolve(name));
      } catch (FileAlreadyExistsException taken) {
        abort();
        throw new NameTakenException(name);
      } catch (IOException e) {
        abort();
        throw StorageErrors.classify(e);
      }
      end();
      forceDirectory();
      return new PublishedFile(name, size, tag);
    }

    @Override
    public PublishedFile commitReplacing(EntityTag expected) throws IOException {
      EntityTag tag = sealForPublishing();
      Path target = directory.resolve(name);
      Lock lock = nameLocks.get(name);
      lock.lock();
      try {
        if (!currentTag(target).equals(Optional.of(expected))) {
          abort();
          throw new FileChangedException(name);
        }
        // rename(2) over the old file: one atomic step, readers see the old bytes or the new
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileChangedException e) {
        throw e;
      } catch (IOException e) {
        abort();
        throw StorageErrors.classify(e);
      } finally {
        lock.unlock();
      }
      end();
      forceDirectory();
      return new PublishedFile(name, size, tag);
    }

    /**
     * Seals the file and makes it readable like any served file; returns the tag it will be served
     * with, which a link or a rename keeps (they change neither its time nor its size).
     */
    private EntityTag sealForPublishing() throws IOException {
      seal();
      try {
        if (posix) {
          Files.setPosixFilePermissions(temp, PUBLISHED);
        }
        return tagOf(Files.readAttributes(temp, BasicFileAttributes.class));
      } catch (IOException e) {
        abort();
        throw StorageErrors.classify(e);
      }
    }

    @Override
    public void abort() {
      if (state == State.ENDED) {
        return;
      }
      try {
        channel.close(); // nothing if sealed already
      } catch (IOException e) {
        log.debug("close failed for {}", temp, e);
      }
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        log.warn("Could not remove unfinished upload {}: {}", temp, e.toString());
      }
      end();
    }

    /** The temporary name is gone: the owner may give its lock back if this was the last. */
    private void end() {
      state = State.ENDED;
      owner.leave(held);
    }
  }
}
