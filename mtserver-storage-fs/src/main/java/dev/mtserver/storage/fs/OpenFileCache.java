package dev.mtserver.storage.fs;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.mtserver.domain.content.OpenContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open channels of recently sent files, kept between requests: a file sent again costs no {@code
 * open(2)} and {@code close(2)}, only the {@code stat} its look-up makes anyway. What nginx's
 * {@code open_file_cache} does, always on, for the files too large for the {@link SmallFileCache}.
 *
 * <p><b>Which file.</b> Channels are kept per real path and used only while the attributes the
 * look-up has just read match the ones they were opened under: same file key (device and inode),
 * size and modification time. A file replaced by a rename (as uploads and {@code PUT} do) has a new
 * inode, so its name is opened anew, and the old file's channels are closed: those kept at once,
 * those still sending when their request ends. A file edited in place keeps its inode but not its
 * size or time, so it is opened anew too.
 *
 * <p><b>One request, one channel.</b> A channel is lent to one request at a time and given back
 * when its body is sent, as each nginx worker has descriptors of its own. One channel shared by
 * concurrent requests would work too (transfers name their position), but the JDK's {@code
 * FileChannel.transferTo} reads the file's size under a lock of the channel ({@code
 * FileChannelImpl.size()} holds its {@code positionLock} around the {@code fstat}), so every
 * request sending a popular file would pass through that one lock. A file sent by 64 connections at
 * once therefore has up to 64 channels, and those given back wait for the next requests.
 *
 * <p><b>Mapped files.</b> A file of at most {@link #MAPPED_MAX_BYTES} is also mapped into memory
 * once per version ({@link MappedFile}), and its requests offer the mapping ({@link
 * OpenContent#inMemory}) so that a transport writes the file behind its head in one system call
 * instead of corking, writing and {@code sendfile}. The mapping is shared by all requests of that
 * version and unmapped when the version leaves the cache and its last request is done.
 *
 * <p><b>Bounds.</b> At most {@code maxKept} channels wait between requests, over all files (more
 * are closed when given back); a file not sent for {@link #IDLE_CLOSE} has its channels closed.
 * Expiry is checked as the cache is used, as nginx's is: a removed file's space on disk comes back
 * at the latest {@link #IDLE_CLOSE} after its last request, once the server serves anything else.
 * Mappings are as many as the files kept, so at most {@code maxKept} times {@link
 * #MAPPED_MAX_BYTES} (32 MiB with the defaults) of the page cache is mapped into the process.
 */
public final class OpenFileCache {

  /**
   * How long a file may go unsent before its kept channels are closed: nginx's {@code
   * open_file_cache} default ({@code inactive=60s}). A file requested about once a minute (a
   * download page, a large asset of a quiet site) stays open between its requests; with 10 s it was
   * opened anew each time, and that first request after the gap went through the cache's insertion
   * path, cold, instead of its look-up: about 0.5 ms more before the first byte on the benchmark's
   * machine (docs/benchmarks.md, twelfth session).
   */
  public static final Duration IDLE_CLOSE = Duration.ofSeconds(60);

  /**
   * How many channels the default cache keeps between requests: descriptors on top of one per
   * connection, which the start's descriptor check counts.
   */
  public static final int DEFAULT_MAX_KEPT = 256;

  /**
   * The largest file mapped into memory ({@link MappedFile}); larger ones go out through {@code
   * sendfile(2)} only. On the benchmark's machine (loopback, 2 vCPUs) a 30-line server writing a
   * mapped file with its head used 67-72 us of CPU per response at 128 KiB against 95-99 through
   * {@code sendfile}, and 87-95 against 99-112 at 256 KiB; the larger the file, the more the
   * kernel's copy weighs, and a real network card takes {@code sendfile}'s pages without one
   * (docs/benchmarks.md, fourteenth session).
   */
  public static final int MAPPED_MAX_BYTES = 128 * 1024;

  private static final Logger log = LoggerFactory.getLogger(OpenFileCache.class);

  private final Cache<Path, KeptChannels> files;
  private final int maxKept;
  private final Semaphore keptBudget;
  private final boolean enabled;

  /**
   * @param maxKept the most channels kept open between requests; 0 disables the cache (every send
   *     opens its file and closes it after)
   * @param idleClose how long the channels of a file not sent are kept
   */
  public OpenFileCache(int maxKept, Duration idleClose) {
    this(maxKept, idleClose, Ticker.systemTicker());
  }

  OpenFileCache(int maxKept, Duration idleClose, Ticker ticker) {
    checkArgument(maxKept >= 0, "maxKept must not be negative");
    this.maxKept = maxKept;
    this.enabled = maxKept > 0;
    this.keptBudget = new Semaphore(maxKept);
    this.files =
        CacheBuilder.newBuilder()
            // one segment: any use of the cache expires every idle file (each of Guava's segments
            // cleans only itself); writes are rare (a file's first send), reads take no lock
            .concurrencyLevel(1)
            .maximumSize(Math.max(1, maxKept))
            .expireAfterAccess(idleClose)
            .ticker(ticker)
            .<Path, KeptChannels>removalListener(removed -> removed.getValue().retire())
            .build();
  }

  /** {@value #DEFAULT_MAX_KEPT} channels, each file's closed after {@link #IDLE_CLOSE} unsent. */
  public static OpenFileCache defaults() {
    return new OpenFileCache(DEFAULT_MAX_KEPT, IDLE_CLOSE);
  }

  /** A cache that keeps nothing open: every send opens its file and closes it after. */
  public static OpenFileCache disabled() {
    return new OpenFileCache(0, IDLE_CLOSE);
  }

  /**
   * The regular file {@code realPath}, whose attributes were just read as {@code attributes}, open
   * for one request: a kept channel if the file is still the one it was opened on, else a channel
   * opened now (with {@code O_NOFOLLOW}, so a name swapped for a link since the look-up fails).
   * Closing the result gives the channel back to be kept, or closes it.
   *
   * @throws IOException as {@link FileChannel#open} throws it
   */
  OpenContent open(Path realPath, BasicFileAttributes attributes) throws IOException {
    if (!enabled) {
      return new Lease(openChannel(realPath), null);
    }
    KeptChannels kept = files.getIfPresent(realPath);
    if (kept != null && !kept.matches(attributes)) {
      files.asMap().remove(realPath, kept); // the removal listener retires it
      kept = null;
    }
    if (kept != null) {
      FileChannel channel = kept.take();
      if (channel != null) {
        return new Lease(channel, kept);
      }
    }
    FileChannel channel = openChannel(realPath);
    if (kept == null) {
      KeptChannels fresh = new KeptChannels(attributes, keptBudget);
      KeptChannels raced = files.asMap().putIfAbsent(realPath, fresh);
      if (raced == null) {
        mapIfMedium(fresh, channel, realPath);
      }
      // another request put its entry first: keep this channel there if it is for this file
      kept = raced == null ? fresh : raced.matches(attributes) ? raced : null;
    }
    return new Lease(channel, kept);
  }

  /** Maps a new entry's file when it is small enough; if it cannot be, it is sent as before. */
  private static void mapIfMedium(KeptChannels entry, FileChannel channel, Path realPath) {
    if (entry.size == 0 || entry.size > MAPPED_MAX_BYTES) {
      return;
    }
    try {
      entry.install(MappedFile.map(channel, entry.size));
    } catch (IOException e) {
      // shorter by now (its next look-up sees it) or no mapping to spare: sendfile serves it
      log.debug("Not mapping {}: {}", realPath, e.toString());
    }
  }

  private static FileChannel openChannel(Path realPath) throws IOException {
    return FileChannel.open(realPath, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // a read-only file's close reports nothing worth acting on; the descriptor is gone
    }
  }

  /** How many channels wait between requests now; for tests. */
  int keptChannels() {
    files.cleanUp();
    return maxKept - keptBudget.availablePermits();
  }

  /**
   * The channels kept for one version of one file. Retired when the file changes, is evicted or
   * expires: then it keeps nothing more, and what it held is closed.
   */
  private static final class KeptChannels {
    private final Object fileKey;
    private final long size;
    private final FileTime modified;
    private final Semaphore budget;
    private final ConcurrentLinkedDeque<FileChannel> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean retired;
    private volatile MappedFile mapped; // the cache's reference; null if the file is not mapped

    KeptChannels(BasicFileAttributes attributes, Semaphore budget) {
      this.fileKey = attributes.fileKey();
      this.size = attributes.size();
      this.modified = attributes.lastModifiedTime();
      this.budget = budget;
    }

    boolean matches(BasicFileAttributes attributes) {
      return fileKey != null
          && !retired
          && size == attributes.size()
          && modified.equals(attributes.lastModifiedTime())
          && fileKey.equals(attributes.fileKey());
    }

    /** A kept channel, now the caller's alone; null when none is waiting. */
    FileChannel take() {
      FileChannel channel;
      while ((channel = idle.pollFirst()) != null) {
        budget.release();
        if (channel.isOpen()) { // a stray interrupt of a sending thread closes its channel
          return channel;
        }
      }
      return null;
    }

    /** Keeps a channel a request is done with; false when it is not kept (the caller closes it). */
    boolean giveBack(FileChannel channel) {
      if (retired || !channel.isOpen() || !budget.tryAcquire()) {
        return false;
      }
      idle.addFirst(channel);
      if (retired) { // retired while it was being given back: close what retire() did not see
        closeIdle();
      }
      return true;
    }

    /** Takes a new mapping of this version as the cache's, unless the version left the cache. */
    synchronized void install(MappedFile mapping) {
      if (retired) {
        mapping.release();
      } else {
        mapped = mapping;
      }
    }

    /** This version's mapping, retained for the caller; null if there is none (any longer). */
    MappedFile retainMapping() {
      MappedFile mapping = mapped;
      return mapping != null && mapping.retain() ? mapping : null;
    }

    synchronized void retire() {
      retired = true;
      closeIdle();
      MappedFile mapping = mapped;
      if (mapping != null) {
        mapped = null;
        mapping.release(); // unmaps now, or when the last request sending it is done
      }
    }

    private void closeIdle() {
      FileChannel channel;
      while ((channel = idle.pollFirst()) != null) {
        budget.release();
        closeQuietly(channel);
      }
    }
  }

  /**
   * One request's channel, and its file's mapping if it has one. Closing it gives the channel back
   * to be kept, or closes it, and lets go of the mapping; once, however often it is closed. {@code
   * transferTo} a socket channel is {@code sendfile(2)}.
   */
  private static final class Lease implements OpenContent {
    private final FileChannel channel;
    private final KeptChannels home; // null: not kept
    private final MappedFile mapped; // retained until close; null: not mapped
    private boolean closed;

    Lease(FileChannel channel, KeptChannels home) {
      this.channel = channel;
      this.home = home;
      this.mapped = home == null ? null : home.retainMapping();
    }

    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return channel.transferTo(position, count, target);
    }

    @Override
    public ByteBuffer inMemory(long position, long count) {
      return mapped == null || closed ? null : mapped.slice(position, count);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (mapped != null) {
        mapped.release();
      }
      if (home == null || !home.giveBack(channel)) {
        closeQuietly(channel);
      }
    }
  }
}
