package dev.mtserver.domain.testing;

import dev.mtserver.domain.content.ContentSource;
import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.MediaTypes;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A site held in memory: the storage ports without a file system. Tests in every module use it to
 * prove the use cases do not care which adapter sits behind their ports.
 */
public final class InMemorySite implements LoadResourcePort {

  private final Map<SitePath, byte[]> files = new ConcurrentHashMap<>();
  private final Map<SitePath, Boolean> directories = new ConcurrentHashMap<>();
  private final Instant modified;

  public InMemorySite(Instant modified) {
    this.modified = modified;
    directories.put(SitePath.ROOT, true);
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
    SitePath sitePath = SitePath.parse(path);
    files.put(sitePath, content.clone());
    SitePath dir = SitePath.ROOT;
    for (String segment : sitePath.segments().subList(0, sitePath.segments().size() - 1)) {
      dir = dir.child(segment).asDirectory();
      directories.put(dir, true);
    }
    return this;
  }

  /** Adds an empty directory. */
  public InMemorySite directory(String path) {
    directories.put(SitePath.parse(path).asDirectory(), true);
    return this;
  }

  @Override
  public Optional<SiteEntry> find(SitePath path) {
    byte[] content = files.get(path.asFile());
    if (content != null) {
      return Optional.of(new SiteEntry.File(resource(path.asFile(), content)));
    }
    if (directories.containsKey(path.asDirectory())) {
      return Optional.of(new SiteEntry.Directory(path.asDirectory()));
    }
    return Optional.empty();
  }

  private Resource resource(SitePath path, byte[] content) {
    ContentSource source = () -> new BytesContent(content);
    return new Resource(path, content.length, modified, MediaTypes.forPath(path), source);
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
