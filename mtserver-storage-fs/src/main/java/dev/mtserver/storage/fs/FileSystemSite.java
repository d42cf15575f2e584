package dev.mtserver.storage.fs;

import dev.mtserver.domain.content.ContentCoding;
import dev.mtserver.domain.content.ContentSource;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.MediaTypes;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.content.Validator;
import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.store.AccessRefusedException;
import dev.mtserver.domain.store.GoneException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link LoadResourcePort} over a directory on disk: every path goes through {@link SiteRoot};
 * small files come from the {@link SmallFileCache}, others are sent from {@link FileChannel}s kept
 * open by the {@link OpenFileCache}, whose {@code transferTo} a socket is {@code sendfile(2)}.
 *
 * <p>A {@link #find} costs what {@link SiteRoot}'s walk costs (for a file served before, one {@code
 * stat}) and nothing else; {@link #findPrecompressed} one {@code stat} per coding beside the file,
 * none for a second after it found none. The file is opened (or its cached bytes fetched) only when
 * the HTTP layer asks for the body.
 */
public final class FileSystemSite implements LoadResourcePort {

  /** How long a file found without precompressed siblings is believed to have none. */
  static final Duration SIBLING_RECHECK = Duration.ofSeconds(1);

  private static final int MAX_REMEMBERED_WITHOUT_SIBLINGS = 16_384;

  private final SiteRoot root;
  private final SmallFileCache cache;
  private final OpenFileCache openFiles;

  /**
   * Files (by the name asked for) recently found without siblings, and when (System.nanoTime()).
   */
  private final ConcurrentHashMap<SitePath, Long> withoutSiblings = new ConcurrentHashMap<>();

  public FileSystemSite(SiteRoot root, SmallFileCache cache, OpenFileCache openFiles) {
    this.root = Objects.requireNonNull(root, "root");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.openFiles = Objects.requireNonNull(openFiles, "openFiles");
  }

  /** A site that keeps nothing: every body is read from its file, opened for the one request. */
  public FileSystemSite(SiteRoot root) {
    this(root, SmallFileCache.disabled(), OpenFileCache.disabled());
  }

  @Override
  public Optional<SiteEntry> find(SitePath path) {
    Optional<SiteRoot.Entry> found = root.lookup(path);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SiteRoot.Entry entry = found.get();
    if (entry.isDirectory()) {
      return Optional.of(
          new SiteEntry.Directory(
              path.asDirectory(), Optional.of(entry.attributes().lastModifiedTime().toInstant())));
    }
    return Optional.of(new SiteEntry.File(resource(path.asFile(), entry)));
  }

  private Resource resource(SitePath filePath, SiteRoot.Entry entry) {
    BasicFileAttributes attributes = entry.attributes();
    // a file system keeps no tag of its own: the tag is made from the modification time and size
    return new Resource(
        filePath,
        attributes.size(),
        MediaTypes.forPath(filePath),
        Validator.fromModification(attributes.lastModifiedTime().toInstant(), attributes.size()),
        new FileSource(entry, cache, openFiles));
  }

  /**
   * Looks beside the file, in the directory its own lookup just checked: no second walk. Most files
   * have no precompressed sibling, and asking costs a {@code stat} per coding on every request, so
   * a file found without any is remembered as such for {@link #SIBLING_RECHECK}: a {@code .gz} or
   * {@code .br} put beside it is served at most that much later. Finding siblings is never
   * remembered, so one that is removed is never served stale.
   */
  @Override
  public Map<ContentCoding, Resource> findPrecompressed(Resource file) {
    if (!(file.source() instanceof FileSource source)) {
      throw new IllegalArgumentException("not a file this store found: " + file.path());
    }
    SitePath name = file.path(); // siblings sit beside the name asked for, even a link's
    long now = System.nanoTime();
    Long checkedAt = withoutSiblings.get(name);
    if (checkedAt != null && now - checkedAt < SIBLING_RECHECK.toNanos()) {
      return Map.of();
    }
    Map<ContentCoding, Resource> found = siblings(file, source);
    if (found.isEmpty()) {
      if (withoutSiblings.size() >= MAX_REMEMBERED_WITHOUT_SIBLINGS) {
        withoutSiblings.clear(); // a bound, not an LRU: refilling costs one lookup per file
      }
      withoutSiblings.put(name, now);
    } else {
      withoutSiblings.remove(name);
    }
    return found;
  }

  private Map<ContentCoding, Resource> siblings(Resource file, FileSource source) {
    Map<ContentCoding, Resource> found = new EnumMap<>(ContentCoding.class);
    for (ContentCoding coding : ContentCoding.values()) {
      String name = file.path().fileName() + coding.fileSuffix();
      Optional<SiteRoot.Entry> sibling = root.lookupSibling(source.entry(), name);
      if (sibling.isPresent() && sibling.get().isRegularFile()) {
        SitePath siblingPath = file.path().parent().child(name);
        found.put(coding, resource(siblingPath, sibling.get()));
      }
    }
    return found;
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
          entries.add(
              new DirectoryEntry(
                  name,
                  a.isDirectory(),
                  a.isDirectory() ? 0 : a.size(),
                  a.lastModifiedTime().toInstant()));
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
  private record FileSource(SiteRoot.Entry entry, SmallFileCache cache, OpenFileCache openFiles)
      implements ContentSource {

    /**
     * From the small-file cache, reading the file into it first when it is small, settled and
     * missing.
     */
    @Override
    public Optional<byte[]> readThroughCache() {
      return cache.content(entry.path(), entry.attributes());
    }

    /**
     * The checked file, open: kept open from an earlier request when it is still the file the
     * look-up saw, else opened now. A file removed since its look-up is {@link GoneException}, one
     * this process may not read {@link AccessRefusedException}: the domain's words, so no handler
     * needs to know the file system's.
     */
    @Override
    public OpenContent open() throws IOException {
      try {
        return openFiles.open(entry.path(), entry.attributes());
      } catch (NoSuchFileException e) {
        throw new GoneException("removed since it was looked up: " + entry.path(), e);
      } catch (AccessDeniedException e) {
        throw new AccessRefusedException("not readable: " + entry.path(), e);
      }
    }
  }
}
