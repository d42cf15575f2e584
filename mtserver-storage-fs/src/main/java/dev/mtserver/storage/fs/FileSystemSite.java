package dev.mtserver.storage.fs;

import dev.mtserver.domain.content.ContentSource;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.MediaTypes;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link LoadResourcePort} over a directory on disk: every path goes through {@link SiteRoot};
 * small files come from the {@link SmallFileCache}, others are opened as {@link FileChannel}s,
 * whose {@code transferTo} a socket is {@code sendfile(2)}.
 *
 * <p>A lookup costs one {@code lstat} per path segment and nothing else; the file is opened (or
 * its cached bytes fetched) only when the HTTP layer asks for the body.
 */
public final class FileSystemSite implements LoadResourcePort {

  private final SiteRoot root;
  private final SmallFileCache cache;

  public FileSystemSite(SiteRoot root, SmallFileCache cache) {
    this.root = Objects.requireNonNull(root, "root");
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  /** A site without the small-file cache. */
  public FileSystemSite(SiteRoot root) {
    this(root, SmallFileCache.disabled());
  }

  @Override
  public Optional<SiteEntry> find(SitePath path) {
    Optional<SiteRoot.Entry> found = root.lookup(path);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SiteRoot.Entry entry = found.get();
    if (entry.isDirectory()) {
      return Optional.of(new SiteEntry.Directory(path.asDirectory()));
    }
    SitePath filePath = path.asFile();
    BasicFileAttributes attributes = entry.attributes();
    return Optional.of(new SiteEntry.File(new Resource(
        filePath,
        attributes.size(),
        attributes.lastModifiedTime().toInstant(),
        MediaTypes.forPath(filePath),
        new FileSource(entry.path(), attributes, cache))));
  }

  @Override
  public List<DirectoryEntry> list(SitePath directory, int limit) throws IOException {
    Optional<SiteRoot.Entry> found = root.lookup(directory);
    List<DirectoryEntry> entries = new ArrayList<>();
    if (found.isEmpty() || !found.get().isDirectory()) {
      return entries;
    }
    SiteRoot.Entry dir = found.get();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir.path())) {
      for (Path child : children) {
        if (entries.size() >= limit) {
          break;
        }
        String name = child.getFileName().toString();
        if (!isRequestableName(name)) {
          continue; // a name no URL can reach (a backslash, a control character) is not shown
        }
        Optional<SiteRoot.Entry> checked = root.lookupChild(dir, name);
        if (checked.isPresent()) {
          BasicFileAttributes a = checked.get().attributes();
          entries.add(new DirectoryEntry(
              name, a.isDirectory(), a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toInstant()));
        }
      }
    }
    return entries;
  }

  private static boolean isRequestableName(String name) {
    try {
      SitePath.ROOT.child(name);
      return true;
    } catch (InvalidSitePathException e) {
      return false;
    }
  }

  /** Opens a checked file lazily: from the cache when it is small, else as a channel. */
  private record FileSource(Path realPath, BasicFileAttributes attributes, SmallFileCache cache)
      implements ContentSource {

    @Override
    public Optional<byte[]> inMemory() {
      return cache.content(realPath, attributes);
    }

    @Override
    public OpenContent open() throws IOException {
      // O_NOFOLLOW: if the checked name was swapped for a link since, the open fails
      return new FileContent(
          FileChannel.open(realPath, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }
  }

  /** An open file; {@code transferTo} a socket channel is {@code sendfile(2)}. */
  private record FileContent(FileChannel channel) implements OpenContent {
    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return channel.transferTo(position, count, target);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
