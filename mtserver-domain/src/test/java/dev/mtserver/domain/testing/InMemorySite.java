package dev.mtserver.domain.testing;

import dev.mtserver.domain.content.ContentCoding;
import dev.mtserver.domain.content.ContentSource;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.MediaTypes;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.content.Validator;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A site held in memory: the storage ports without a file system. Tests in every module use it to
 * prove the use cases do not care which adapter sits behind their ports.
 *
 * <p>It keeps the port's contract like the real store: hidden names (a segment starting with a dot)
 * are never found and never listed. It can be told to fail as a store does ({@link #failLookups},
 * {@link #failReads}).
 */
public final class InMemorySite implements LoadResourcePort {

  private record StoredFile(byte[] content, Instant modified) {}

  private final Map<SitePath, StoredFile> files = new ConcurrentHashMap<>();
  private final Map<SitePath, Instant> directories = new ConcurrentHashMap<>();
  private final Instant modified;
  private volatile IOException lookupFailure;
  private volatile IOException readFailure;

  public InMemorySite(Instant modified) {
    this.modified = modified;
    directories.put(SitePath.ROOT, modified);
  }

  public InMemorySite() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Adds a file (and its parent directories) with UTF-8 text content. */
  public InMemorySite file(String path, String content) {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a file (and its parent directories). */
  public InMemorySite file(String path, byte[] content) {
    return file(path, content, modified);
  }

  /** Adds a file (and its parent directories) with its own modification time. */
  public InMemorySite file(String path, byte[] content, Instant fileModified) {
    SitePath sitePath = SitePath.parse(path);
    files.put(sitePath, new StoredFile(content.clone(), fileModified));
    SitePath dir = SitePath.ROOT;
    for (String segment : sitePath.segments().subList(0, sitePath.segments().size() - 1)) {
      dir = dir.child(segment).asDirectory();
      directories.putIfAbsent(dir, modified);
    }
    return this;
  }

  /** Adds an empty directory (and its parents). */
  public InMemorySite directory(String path) {
    SitePath dir = SitePath.ROOT;
    for (String segment : SitePath.parse(path).segments()) {
      dir = dir.child(segment).asDirectory();
      directories.putIfAbsent(dir, modified);
    }
    return this;
  }

  /**
   * Makes every later look-up and listing throw {@code failure}, as a store that went away would.
   */
  public InMemorySite failLookups(IOException failure) {
    this.lookupFailure = failure;
    return this;
  }

  /**
   * Makes every later open of a file's bytes throw {@code failure} (gone, refused, unavailable).
   */
  public InMemorySite failReads(IOException failure) {
    this.readFailure = failure;
    return this;
  }

  @Override
  public Optional<SiteEntry> find(SitePath path) throws IOException {
    if (lookupFailure != null) {
      throw lookupFailure;
    }
    if (path.hasHiddenSegment()) {
      return Optional.empty();
    }
    StoredFile file = files.get(path.asFile());
    if (file != null) {
      return Optional.of(new SiteEntry.File(resource(path.asFile(), file)));
    }
    if (directories.containsKey(path.asDirectory())) {
      return Optional.of(new SiteEntry.Directory(path.asDirectory()));
    }
    return Optional.empty();
  }

  /** Looks beside the file in the map: no look-up walks anything here. */
  @Override
  public Map<ContentCoding, Resource> findPrecompressed(Resource file) throws IOException {
    if (lookupFailure != null) {
      throw lookupFailure;
    }
    Map<ContentCoding, Resource> found = new EnumMap<>(ContentCoding.class);
    for (ContentCoding coding : ContentCoding.values()) {
      SitePath sibling = file.path().parent().child(file.path().fileName() + coding.fileSuffix());
      StoredFile stored = files.get(sibling);
      if (stored != null && !sibling.hasHiddenSegment()) {
        found.put(coding, resource(sibling, stored));
      }
    }
    return found;
  }

  @Override
  public List<DirectoryEntry> list(SitePath directory, int limit) throws IOException {
    if (lookupFailure != null) {
      throw lookupFailure;
    }
    SitePath dir = directory.asDirectory();
    List<DirectoryEntry> entries = new ArrayList<>();
    if (dir.hasHiddenSegment() || !directories.containsKey(dir)) {
      return entries;
    }
    files.forEach(
        (path, file) -> {
          if (path.parent().equals(dir) && !path.hasHiddenSegment()) {
            entries.add(
                new DirectoryEntry(path.fileName(), false, file.content().length, file.modified()));
          }
        });
    directories.forEach(
        (path, dirModified) -> {
          if (!path.isRoot() && path.parent().equals(dir) && !path.hasHiddenSegment()) {
            entries.add(new DirectoryEntry(path.fileName(), true, 0, dirModified));
          }
        });
    return entries.size() > limit ? entries.subList(0, limit) : entries;
  }

  private Resource resource(SitePath path, StoredFile file) {
    byte[] content = file.content();
    ContentSource source =
        () -> {
          if (readFailure != null) {
            throw readFailure;
          }
          return new BytesContent(content);
        };
    return new Resource(
        path,
        content.length,
        MediaTypes.forPath(path),
        Validator.fromModification(file.modified(), content.length),
        source);
  }

  private record BytesContent(byte[] bytes) implements OpenContent {
    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      if (position >= bytes.length) {
        return 0;
      }
      int length = (int) Math.min(count, bytes.length - position);
      return target.write(ByteBuffer.wrap(bytes, (int) position, length));
    }

    @Override
    public void close() {}
  }
}
