package dev.mtserver.domain.testing;

import dev.mtserver.domain.resumable.ChunkSink;
import dev.mtserver.domain.resumable.HeldUpload;
import dev.mtserver.domain.resumable.ResumableUpload;
import dev.mtserver.domain.resumable.ResumableUploadStorePort;
import dev.mtserver.domain.resumable.UploadId;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.domain.upload.StoredFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ResumableUploadStorePort} in memory that keeps the port's promises where a test can see
 * them: bytes written to a chunk are only <em>pending</em> until kept, and {@link #crash} throws
 * pending bytes away as a crash would; finished uploads are published into an {@link
 * InMemoryUploadStore} through its own begin/write/commit, so they take free names like any upload.
 * It can be told that another process holds an upload ({@link #holdElsewhere}), and to fail writes
 * ({@link #failWritesAfter}).
 */
public final class InMemoryResumableUploadStore implements ResumableUploadStorePort {

  private final InMemoryUploadStore uploads;
  private final Map<UploadId, Entry> entries =
      new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
  private final Set<UploadId> held = ConcurrentHashMap.newKeySet();
  private final Set<UploadId> heldElsewhere = ConcurrentHashMap.newKeySet();
  private long writeBudget = Long.MAX_VALUE;
  private long usableSpace = Long.MAX_VALUE;

  public InMemoryResumableUploadStore(InMemoryUploadStore uploads) {
    this.uploads = uploads;
  }

  private static final class Entry {
    ResumableUpload upload;
    final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Entry(ResumableUpload upload) {
      this.upload = upload;
    }
  }

  /** The bytes an upload has kept (durably, in a real store). */
  public synchronized byte[] keptBytes(UploadId id) {
    return entries.get(id).kept.toByteArray();
  }

  /** The bytes written to an upload's chunk and not yet kept. */
  public synchronized int pendingBytes(UploadId id) {
    return entries.get(id).pending.size();
  }

  /** Forgets every byte not kept, as a crash would. */
  public synchronized void crash() {
    entries.values().forEach(e -> e.pending.reset());
    held.clear();
  }

  /** From now on, {@link #hold} answers busy for {@code id}, as when another process holds it. */
  public void holdElsewhere(UploadId id) {
    heldElsewhere.add(id);
  }

  /** The other process lets go of {@code id}. */
  public void releaseElsewhere(UploadId id) {
    heldElsewhere.remove(id);
  }

  /** After {@code bytes} more bytes, every chunk write fails as a full disk does. */
  public synchronized InMemoryResumableUploadStore failWritesAfter(long bytes) {
    writeBudget = bytes;
    return this;
  }

  public synchronized InMemoryResumableUploadStore withUsableSpace(long bytes) {
    usableSpace = bytes;
    return this;
  }

  /** Changes an upload's record directly, as time passing or another process would. */
  public synchronized void rewrite(ResumableUpload upload) {
    entries.get(upload.id()).upload = upload;
  }

  @Override
  public synchronized void create(ResumableUpload upload) throws IOException {
    if (entries.putIfAbsent(upload.id(), new Entry(upload)) != null) {
      throw new IOException("upload " + upload.id() + " exists");
    }
  }

  @Override
  public synchronized Optional<ResumableUpload> find(UploadId id) {
    return Optional.ofNullable(entries.get(id)).map(e -> e.upload);
  }

  @Override
  public synchronized List<ResumableUpload> list() {
    return entries.values().stream().map(e -> e.upload).toList();
  }

  @Override
  public synchronized Hold hold(UploadId id) {
    Entry entry = entries.get(id);
    if (entry == null) {
      return new Hold.Missing();
    }
    if (heldElsewhere.contains(id) || !held.add(id)) {
      return new Hold.Busy();
    }
    return new Hold.Held(new Held(id));
  }

  @Override
  public synchronized long usableSpace() {
    return usableSpace;
  }

  private synchronized Entry entry(UploadId id) throws IOException {
    Entry entry = entries.get(id);
    if (entry == null) {
      throw new IOException("upload " + id + " was removed");
    }
    return entry;
  }

  private final class Held implements HeldUpload {
    private final UploadId id;
    private boolean closed;

    Held(UploadId id) {
      this.id = id;
    }

    @Override
    public ResumableUpload upload() {
      synchronized (InMemoryResumableUploadStore.this) {
        return entries.get(id).upload;
      }
    }

    @Override
    public ChunkSink startChunk() throws IOException {
      check();
      Entry entry = entry(id);
      synchronized (InMemoryResumableUploadStore.this) {
        entry.pending.reset(); // anything beyond the offset is dropped first
      }
      return new Sink(entry);
    }

    @Override
    public ResumableUpload declareLength(long length) throws IOException {
      check();
      synchronized (InMemoryResumableUploadStore.this) {
        Entry entry = entry(id);
        entry.upload = entry.upload.withLength(length);
        return entry.upload;
      }
    }

    @Override
    public ResumableUpload publish(String safeName, Instant expires) throws IOException {
      check();
      Entry entry = entry(id);
      byte[] content;
      synchronized (InMemoryResumableUploadStore.this) {
        content = entry.kept.toByteArray();
      }
      PendingUpload file = uploads.begin(safeName);
      file.write(content, 0, content.length);
      StoredFile stored = file.commit();
      synchronized (InMemoryResumableUploadStore.this) {
        entry.upload = entry.upload.published(stored, expires);
        entry.kept.reset();
        return entry.upload;
      }
    }

    @Override
    public void delete() throws IOException {
      check();
      synchronized (InMemoryResumableUploadStore.this) {
        entries.remove(id);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        held.remove(id);
      }
    }

    private void check() {
      if (closed) {
        throw new IllegalStateException("not held any more");
      }
    }
  }

  private final class Sink implements ChunkSink {
    private final Entry entry;

    Sink(Entry entry) {
      this.entry = entry;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      synchronized (InMemoryResumableUploadStore.this) {
        if (length > writeBudget) {
          throw new StorageFullException("in-memory resumable store is full", null);
        }
        if (writeBudget != Long.MAX_VALUE) {
          writeBudget -= length;
        }
        entry.pending.write(bytes, offset, length);
      }
    }

    @Override
    public long pending() {
      synchronized (InMemoryResumableUploadStore.this) {
        return entry.pending.size();
      }
    }

    @Override
    public ResumableUpload keep(Instant expires) {
      synchronized (InMemoryResumableUploadStore.this) {
        entry.kept.writeBytes(entry.pending.toByteArray());
        entry.pending.reset();
        entry.upload = entry.upload.withProgress(entry.kept.size(), expires);
        return entry.upload;
      }
    }

    @Override
    public void discard() {
      synchronized (InMemoryResumableUploadStore.this) {
        entry.pending.reset();
      }
    }
  }

  /** Every upload id, in order: for assertions. */
  public synchronized List<UploadId> ids() {
    return new ArrayList<>(entries.keySet());
  }
}
