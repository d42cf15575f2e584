package dev.mtserver.domain.testing;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.named.FileChangedException;
import dev.mtserver.domain.upload.named.NameTakenException;
import dev.mtserver.domain.upload.named.NamedFileStorePort;
import dev.mtserver.domain.upload.named.NamedPendingUpload;
import dev.mtserver.domain.upload.named.NoSuchStoredFileException;
import dev.mtserver.domain.upload.named.PublishedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link NamedFileStorePort} in memory, served at {@code /downloads/}: each stored version gets a
 * new tag ({@code "v1"}, {@code "v2"}, ...), and a capacity lets a test fill it up. Pending uploads
 * are counted so a test can prove a failed one left nothing.
 */
public final class InMemoryNamedFileStore implements NamedFileStorePort {

  private record Version(byte[] bytes, EntityTag tag) {}

  private final Map<String, Version> files = new TreeMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final long capacity;
  private long used;
  private int versions;

  public InMemoryNamedFileStore(long capacity) {
    this.capacity = capacity;
  }

  public InMemoryNamedFileStore() {
    this(Long.MAX_VALUE);
  }

  /** Stores {@code content} under {@code name}, as a new version; returns its tag. */
  public synchronized EntityTag put(String name, byte[] content) {
    Version old = files.put(name, new Version(content.clone(), nextTag()));
    used += content.length - (old == null ? 0 : old.bytes().length);
    return files.get(name).tag();
  }

  public synchronized Optional<byte[]> file(String name) {
    return Optional.ofNullable(files.get(name)).map(v -> v.bytes().clone());
  }

  public synchronized Map<String, byte[]> files() {
    Map<String, byte[]> copy = new TreeMap<>();
    files.forEach((name, version) -> copy.put(name, version.bytes().clone()));
    return copy;
  }

  /** Uploads begun and neither committed nor aborted. */
  public int pendingCount() {
    return pending.get();
  }

  private EntityTag nextTag() {
    return new EntityTag("\"v" + ++versions + "\"");
  }

  @Override
  public synchronized Optional<EntityTag> entityTag(String name) {
    return Optional.ofNullable(files.get(name)).map(Version::tag);
  }

  @Override
  public NamedPendingUpload beginNamed(String name) {
    pending.incrementAndGet();
    return new Pending(name);
  }

  @Override
  public PendingUpload begin(String safeName) {
    return beginNamed(safeName);
  }

  @Override
  public synchronized void delete(String name, Optional<EntityTag> expected) throws IOException {
    Version current = files.get(name);
    if (current == null) {
      throw new NoSuchStoredFileException(name);
    }
    if (expected.isPresent() && !expected.get().equals(current.tag())) {
      throw new FileChangedException(name);
    }
    files.remove(name);
    used -= current.bytes().length;
  }

  @Override
  public synchronized long usableSpace() {
    return capacity == Long.MAX_VALUE ? Long.MAX_VALUE : capacity - used;
  }

  @Override
  public UploadArea area() {
    return UploadArea.at(SitePath.parse("/downloads/"));
  }

  private final class Pending implements NamedPendingUpload {
    private final String name;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean ended;

    Pending(String name) {
      this.name = name;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (InMemoryNamedFileStore.this) {
        if (usableSpace() - bytes.size() < len) {
          abort();
          throw new StorageFullException("in-memory store is full", null);
        }
      }
      bytes.write(b, off, len);
    }

    @Override
    public void seal() {}

    @Override
    public long size() {
      return bytes.size();
    }

    @Override
    public StoredFile commit() {
      throw new UnsupportedOperationException("named uploads commit by name");
    }

    @Override
    public PublishedFile commitNew() throws IOException {
      synchronized (InMemoryNamedFileStore.this) {
        if (files.containsKey(name)) {
          abort();
          throw new NameTakenException(name);
        }
        return publish();
      }
    }

    @Override
    public PublishedFile commitReplacing(EntityTag expected) throws IOException {
      synchronized (InMemoryNamedFileStore.this) {
        if (!entityTag(name).equals(Optional.of(expected))) {
          abort();
          throw new FileChangedException(name);
        }
        return publish();
      }
    }

    private PublishedFile publish() {
      EntityTag tag = put(name, bytes.toByteArray());
      end();
      return new PublishedFile(name, bytes.size(), tag);
    }

    @Override
    public void abort() {
      end();
    }

    private void end() {
      if (!ended) {
        ended = true;
        pending.decrementAndGet();
      }
    }
  }
}
