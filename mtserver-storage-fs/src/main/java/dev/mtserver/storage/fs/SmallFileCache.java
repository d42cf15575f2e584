package dev.mtserver.storage.fs;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The bytes of small, recently served files, so that a hot page leaves in the same write as its
 * response head — no {@code open}, {@code sendfile} and {@code close} per request.
 *
 * <p>An entry is keyed by the file's real path and is only used while the file's current
 * attributes — which the containment walk has just read anyway, so validating costs no extra
 * system call — match the ones it was read under: same file key (device and inode), same size,
 * same modification time. A replaced file (an atomic rename, as uploads do) has a new inode; an
 * edited file has a new modification time. Files modified within the last {@link #SETTLE_TIME}
 * are not cached at all: a second write in the same timestamp tick, with the same size, would
 * otherwise go unseen (the "racy clean" problem git solves the same way). Bounded by total bytes,
 * least recently used first out. See docs/adr/0010-small-file-cache.md.
 */
public final class SmallFileCache {

  /** How old a modification time must be before the file's bytes may be cached. */
  static final Duration SETTLE_TIME = Duration.ofSeconds(2);
  /** Bookkeeping per entry, counted against the total so that many tiny files stay bounded too. */
  private static final int ENTRY_OVERHEAD = 256;

  private record Cached(Object fileKey, long size, FileTime modified, byte[] content) {
    boolean matches(BasicFileAttributes attributes) {
      return size == attributes.size()
          && modified.equals(attributes.lastModifiedTime())
          && Objects.equals(fileKey, attributes.fileKey());
    }
  }

  private final int maxFileBytes;
  private final Cache<Path, Cached> entries;
  private final Clock clock;

  /**
   * @param maxFileBytes the largest file cached; 0 disables the cache
   * @param maxTotalBytes the most bytes held, bookkeeping included
   */
  public SmallFileCache(int maxFileBytes, long maxTotalBytes) {
    this(maxFileBytes, maxTotalBytes, Clock.systemUTC());
  }

  SmallFileCache(int maxFileBytes, long maxTotalBytes, Clock clock) {
    checkArgument(maxFileBytes >= 0, "maxFileBytes must not be negative");
    checkArgument(maxTotalBytes >= 0, "maxTotalBytes must not be negative");
    // the cache splits its total among a few segments; a file must fit well inside one of them
    this.maxFileBytes = (int) Math.min(maxFileBytes, maxTotalBytes / 8);
    this.entries = CacheBuilder.newBuilder()
        .maximumWeight(maxTotalBytes)
        .weigher((Path path, Cached cached) -> cached.content().length + ENTRY_OVERHEAD)
        .build();
    this.clock = clock;
  }

  /** A cache that holds nothing: every file is read from disk. */
  public static SmallFileCache disabled() {
    return new SmallFileCache(0, 0);
  }

  /** The defaults: files up to 64 KiB, 32 MiB in all. */
  public static SmallFileCache defaults() {
    return new SmallFileCache(64 * 1024, 32L * 1024 * 1024);
  }

  /**
   * The whole content of the regular file {@code realPath}, whose attributes were just read as
   * {@code attributes}: from memory if an entry matches them, else read now and kept if the file
   * is small and settled. Empty when the file is too large, not cacheable, or changed while being
   * read — the caller then streams it from disk.
   */
  Optional<byte[]> content(Path realPath, BasicFileAttributes attributes) {
    if (attributes.size() > maxFileBytes || !attributes.isRegularFile()) {
      return Optional.empty();
    }
    Cached cached = entries.getIfPresent(realPath);
    if (cached != null && cached.matches(attributes)) {
      return Optional.of(cached.content());
    }
    if (!settled(attributes.lastModifiedTime())) {
      return Optional.empty();
    }
    byte[] content = readExactly(realPath, (int) attributes.size());
    if (content == null) {
      entries.invalidate(realPath);
      return Optional.empty();
    }
    entries.put(realPath,
        new Cached(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), content));
    return Optional.of(content);
  }

  private boolean settled(FileTime modified) {
    return modified.toInstant().plus(SETTLE_TIME).isBefore(clock.instant());
  }

  /** The file's bytes if it still holds exactly {@code size} of them; null otherwise. */
  private static byte[] readExactly(Path path, int size) {
    try (FileChannel channel =
        FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] content = new byte[size];
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          return null; // shrank since it was looked up
        }
      }
      boolean grown = channel.read(ByteBuffer.allocate(1)) > 0;
      return grown ? null : content;
    } catch (IOException e) {
      return null;
    }
  }

  /** How many files are held; for tests. */
  long size() {
    return entries.size();
  }
}
