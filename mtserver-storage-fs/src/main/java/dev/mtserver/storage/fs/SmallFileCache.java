package dev.mtserver.storage.fs;

import static com.google.common.base.Preconditions.checkArgument;

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
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes of small, recently served files, so that a hot page leaves in the same write as its
 * response head — no {@code open}, {@code sendfile} and {@code close} per request.
 *
 * <p>An entry is keyed by the file's real path and is only used while the file's current attributes
 * — which the containment walk has just read anyway, so validating costs no extra system call —
 * match the ones it was read under: same file key (device and inode), same size, same modification
 * time. A replaced file (an atomic rename, as uploads do) has a new inode; an edited file has a new
 * modification time. Files modified within the last {@link #SETTLE_TIME} are not cached at all: a
 * second write in the same timestamp tick, with the same size, would otherwise go unseen (the "racy
 * clean" problem git solves the same way).
 *
 * <p>Bounded by total bytes. A hit is one map read and, at most, one flag write; when an insert
 * would go over the budget, a CLOCK sweep evicts entries not used since the previous sweep. See
 * docs/adr/0010-small-file-cache.md.
 */
public final class SmallFileCache {

  /** How old a modification time must be before the file's bytes may be cached. */
  static final Duration SETTLE_TIME = Duration.ofSeconds(2);

  /** Bookkeeping per entry, counted against the total so that many tiny files stay bounded too. */
  private static final int ENTRY_OVERHEAD = 256;

  private static final class Cached {
    final Object fileKey;
    final long size;
    final FileTime modified;
    final byte[] content;

    /** Set by hits, cleared by the eviction sweep (the CLOCK algorithm's reference bit). */
    volatile boolean referenced;

    Cached(BasicFileAttributes attributes, byte[] content) {
      this.fileKey = attributes.fileKey();
      this.size = attributes.size();
      this.modified = attributes.lastModifiedTime();
      this.content = content;
    }

    boolean matches(BasicFileAttributes attributes) {
      return size == attributes.size()
          && modified.equals(attributes.lastModifiedTime())
          && Objects.equals(fileKey, attributes.fileKey());
    }

    long weight() {
      return (long) content.length + ENTRY_OVERHEAD;
    }
  }

  private final int maxFileBytes;
  private final long maxTotalBytes;
  private final ConcurrentHashMap<Path, Cached> entries = new ConcurrentHashMap<>();
  private final AtomicLong totalBytes = new AtomicLong();
  private final ReentrantLock eviction = new ReentrantLock();
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
    // a single file may take at most an eighth of the budget, so one file never flushes the rest
    this.maxFileBytes = (int) Math.min(maxFileBytes, maxTotalBytes / 8);
    this.maxTotalBytes = maxTotalBytes;
    this.clock = clock;
  }

  /** A cache that holds nothing: every file is read from disk. */
  public static SmallFileCache disabled() {
    return new SmallFileCache(0, 0);
  }

  /**
   * The memory for cached files by default ({@code --file-cache}), bookkeeping included: 32 MiB.
   */
  public static final long DEFAULT_TOTAL_BYTES = 32L * 1024 * 1024;

  /**
   * Files up to {@code maxFileBytes} — the application passes the size up to which the HTTP engine
   * sends a body in the same write as its head, the one reason to keep a file in memory — in
   * {@value #DEFAULT_TOTAL_BYTES} bytes.
   */
  public static SmallFileCache defaults(int maxFileBytes) {
    return new SmallFileCache(maxFileBytes, DEFAULT_TOTAL_BYTES);
  }

  /**
   * The whole content of the regular file {@code realPath}, whose attributes were just read as
   * {@code attributes}: from memory if an entry matches them, else read now and kept if the file is
   * small and settled. Empty when the file is too large, not cacheable, or changed while being read
   * — the caller then streams it from disk.
   */
  Optional<byte[]> content(Path realPath, BasicFileAttributes attributes) {
    if (attributes.size() > maxFileBytes || !attributes.isRegularFile()) {
      return Optional.empty();
    }
    Cached cached = entries.get(realPath);
    if (cached != null && cached.matches(attributes)) {
      if (!cached.referenced) {
        cached.referenced = true; // read first: hot entries are not written on every hit
      }
      return Optional.of(cached.content);
    }
    if (!settled(attributes.lastModifiedTime())) {
      return Optional.empty();
    }
    byte[] content = readExactly(realPath, (int) attributes.size());
    if (content == null) {
      remove(realPath);
      return Optional.empty();
    }
    insert(realPath, new Cached(attributes, content));
    return Optional.of(content);
  }

  private boolean settled(FileTime modified) {
    return modified.toInstant().plus(SETTLE_TIME).isBefore(clock.instant());
  }

  private void insert(Path path, Cached fresh) {
    Cached previous = entries.put(path, fresh);
    totalBytes.addAndGet(fresh.weight() - (previous == null ? 0 : previous.weight()));
    if (totalBytes.get() > maxTotalBytes) {
      evict();
    }
  }

  private void remove(Path path) {
    Cached removed = entries.remove(path);
    if (removed != null) {
      totalBytes.addAndGet(-removed.weight());
    }
  }

  /** CLOCK: sweep, sparing (once) what was used since the last sweep, until under budget. */
  private void evict() {
    if (!eviction.tryLock()) {
      return; // another thread is already sweeping
    }
    try {
      for (int pass = 0; pass < 2 && totalBytes.get() > maxTotalBytes; pass++) {
        Iterator<Map.Entry<Path, Cached>> it = entries.entrySet().iterator();
        while (it.hasNext() && totalBytes.get() > maxTotalBytes) {
          Map.Entry<Path, Cached> next = it.next();
          Cached entry = next.getValue();
          if (entry.referenced && pass == 0) {
            entry.referenced = false;
          } else if (entries.remove(next.getKey(), entry)) { // not if replaced meanwhile
            totalBytes.addAndGet(-entry.weight());
          }
        }
      }
    } finally {
      eviction.unlock();
    }
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

  /** How many bytes are held, bookkeeping included; for tests. */
  long totalBytes() {
    return totalBytes.get();
  }
}
