package dev.mtserver.app;

import dev.mtserver.domain.content.ContentCoding;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The site's content port when its uploads are kept in another store than its files (a mixed
 * layout, ADR 0042: a site in a bucket with uploads on this host's disk, or the reverse): every
 * path below the upload area ({@code /downloads/}) is answered by the uploads' store, every other
 * path by the site's. Paths are translated at the border in both directions, so each store sees its
 * own root and the domain sees one site.
 *
 * <p>The mount shadows whatever the site's store holds at that path (a {@code downloads/} folder in
 * the bucket, a {@code downloads/} directory in the root), as a mount point does; the listing of
 * the folder that holds the mount shows it even when the site's store has nothing there. It is
 * composition, not an adapter: it knows nothing of either store, only the domain's port.
 */
final class MountedUploads implements LoadResourcePort {

  private final LoadResourcePort site;
  private final SitePath mount;
  private final LoadResourcePort uploads;

  /**
   * @param site the site's files
   * @param mount where the uploads appear, in directory form ({@code /downloads/}); not the root
   * @param uploads the uploads' files, each at its own root
   */
  MountedUploads(LoadResourcePort site, SitePath mount, LoadResourcePort uploads) {
    this.site = Objects.requireNonNull(site, "site");
    this.mount = Objects.requireNonNull(mount, "mount").asDirectory();
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    if (mount.isRoot()) {
      throw new IllegalArgumentException("uploads cannot be mounted at the root");
    }
  }

  @Override
  public Optional<SiteEntry> find(SitePath path) throws IOException {
    if (!path.startsWith(mount)) {
      return site.find(path);
    }
    return uploads
        .find(inside(path))
        .map(
            entry ->
                switch (entry) {
                  case SiteEntry.File file -> new SiteEntry.File(outside(file.resource()));
                  case SiteEntry.Directory dir ->
                      new SiteEntry.Directory(outside(dir.path()), dir.lastModified());
                });
  }

  @Override
  public List<DirectoryEntry> list(SitePath directory, int limit) throws IOException {
    if (directory.startsWith(mount)) {
      return uploads.list(inside(directory), limit);
    }
    List<DirectoryEntry> entries = site.list(directory, limit);
    if (!mount.parent().asDirectory().equals(directory.asDirectory())) {
      return entries;
    }
    // The folder holding the mount: the mount is one of its entries, whatever the site's store has.
    String name = mount.fileName();
    List<DirectoryEntry> shown = new ArrayList<>(entries.size() + 1);
    for (DirectoryEntry entry : entries) {
      if (!entry.name().equals(name)) {
        shown.add(entry);
      }
    }
    if (shown.size() < limit) {
      shown.add(new DirectoryEntry(name, true, 0, Instant.EPOCH));
    }
    return shown;
  }

  @Override
  public Map<ContentCoding, Resource> findPrecompressed(Resource file) throws IOException {
    if (!file.path().startsWith(mount)) {
      return site.findPrecompressed(file);
    }
    // The domain never asks in the upload area; answered all the same, in the site's paths.
    Map<ContentCoding, Resource> variants =
        uploads.findPrecompressed(
            new Resource(
                inside(file.path()),
                file.size(),
                file.mediaType(),
                file.validator(),
                file.source()));
    Map<ContentCoding, Resource> shown = new EnumMap<>(ContentCoding.class);
    variants.forEach((coding, variant) -> shown.put(coding, outside(variant)));
    return shown;
  }

  /** {@code /downloads/a.txt} as the uploads' store names it: {@code /a.txt}. */
  private SitePath inside(SitePath path) {
    List<String> segments = path.segments();
    List<String> below = segments.subList(mount.segments().size(), segments.size());
    return below.isEmpty() ? SitePath.ROOT : SitePath.of(below, path.isDirectoryForm());
  }

  /** {@code /a.txt} of the uploads' store as the site names it: {@code /downloads/a.txt}. */
  private SitePath outside(SitePath path) {
    List<String> segments = new ArrayList<>(mount.segments());
    segments.addAll(path.segments());
    return SitePath.of(segments, path.isDirectoryForm() || path.isRoot());
  }

  private Resource outside(Resource resource) {
    return new Resource(
        outside(resource.path()),
        resource.size(),
        resource.mediaType(),
        resource.validator(),
        resource.source());
  }
}
