package dev.mtserver.domain.testing;

import dev.mtserver.domain.upload.NameCandidates;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadStorePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link UploadStorePort} in memory, with a capacity so tests can fill it up. Committed files
 * are kept by name; pending ones are counted so a test can prove an aborted upload left nothing,
 * and those still being written (not yet sealed) too, so a test can prove a request holds only one
 * file open at a time.
 */
public final class InMemoryUploadStore implements UploadStorePort {

  private final Map<String, byte[]> files = new TreeMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger unsealed = new AtomicInteger();
  private final AtomicInteger mostUnsealed = new AtomicInteger();
  private final SplittableRandom random = new SplittableRandom(13);
  private final long capacity;
  private volatile UploadArea area = UploadArea.outsideSite();
  private long used;
  private volatile IOException failure;

  public InMemoryUploadStore(long capacity) {
    this.capacity = capacity;
  }

  public InMemoryUploadStore() {
    this(Long.MAX_VALUE);
  }

  /** Puts a file in place, as if stored before. */
  public synchronized InMemoryUploadStore existing(String name, byte[] content) {
    files.put(name, content.clone());
    used += content.length;
    return this;
  }

  public synchronized Optional<byte[]> file(String name) {
    return Optional.ofNullable(files.get(name)).map(byte[]::clone);
  }

  public synchronized Map<String, byte[]> files() {
    return new TreeMap<>(files);
  }

  /** Uploads begun and neither committed nor aborted. */
  public int pendingCount() {
    return pending.get();
  }

  /** The most uploads that were being written (begun, not yet sealed or ended) at one time. */
  public int mostWrittenAtOnce() {
    return mostUnsealed.get();
  }

  @Override
  public synchronized long usableSpace() {
    return capacity == Long.MAX_VALUE ? Long.MAX_VALUE : capacity - used;
  }

  /** Says that this store's files appear in the site below {@code directory}. */
  public InMemoryUploadStore servedAt(String directory) {
    this.area = UploadArea.at(dev.mtserver.domain.path.SitePath.parse(directory));
    return this;
  }

  @Override
  public UploadArea area() {
    return area;
  }

  /**
   * Makes every later upload fail to begin with {@code failure}, as a store that went away would.
   */
  public InMemoryUploadStore failWith(IOException failure) {
    this.failure = failure;
    return this;
  }

  @Override
  public PendingUpload begin(String safeName) throws IOException {
    if (failure != null) {
      throw failure;
    }
    pending.incrementAndGet();
    mostUnsealed.accumulateAndGet(unsealed.incrementAndGet(), Math::max);
    return new Pending(safeName);
  }

  private synchronized boolean reserve(long bytes) {
    if (capacity - used < bytes) {
      return false;
    }
    used += bytes;
    return true;
  }

  private synchronized void release(long bytes) {
    used -= bytes;
  }

  private synchronized StoredFile publish(String safeName, byte[] content) throws IOException {
    for (int attempt = 0; attempt < NameCandidates.MAX_ATTEMPTS; attempt++) {
      String candidate = NameCandidates.candidate(safeName, attempt, random);
      if (!files.containsKey(candidate)) {
        files.put(candidate, content);
        return new StoredFile(candidate, content.length);
      }
    }
    throw new IOException("no free name for " + safeName);
  }

  private final class Pending implements PendingUpload {
    private final String safeName;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean sealed;
    private boolean finished;

    Pending(String safeName) {
      this.safeName = safeName;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (finished || sealed) {
        throw new IllegalStateException("upload already sealed");
      }
      if (!reserve(len)) {
        abort();
        throw new StorageFullException("in-memory store is full", null);
      }
      bytes.write(b, off, len);
    }

    @Override
    public void seal() {
      if (finished) {
        throw new IllegalStateException("upload already finished");
      }
      if (!sealed) {
        sealed = true;
        unsealed.decrementAndGet();
      }
    }

    @Override
    public long size() {
      return bytes.size();
    }

    @Override
    public StoredFile commit() throws IOException {
      seal();
      finished = true;
      pending.decrementAndGet();
      return publish(safeName, bytes.toByteArray());
    }

    @Override
    public void abort() {
      if (!finished) {
        if (!sealed) {
          sealed = true;
          unsealed.decrementAndGet();
        }
        finished = true;
        pending.decrementAndGet();
        release(bytes.size());
      }
    }
  }
}
