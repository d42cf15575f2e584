package dev.mtserver.storage.fs;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one containment check for reading the site: maps a {@link SitePath} to a real file or
 * directory below the root, or to nothing. Serving ({@link FileSystemSite}: files, directories,
 * precompressed siblings), listing and locating scripts ({@link FileSystemScripts}) all go through
 * it. Uploads do not: {@link FileSystemUploadStore} writes only into its own directory, under names
 * it makes itself; this class is only told where that directory is, to refuse the names that lead
 * into it from elsewhere.
 *
 * <p>The path is walked one segment at a time from the root's real path:
 *
 * <ul>
 *   <li>a hidden name ({@link SitePath#isHiddenName}) is refused before the disk is touched;
 *   <li>a directory lets the walk continue; a regular file may only be the last segment;
 *   <li>a symbolic link is resolved to its real path, which must lie inside the root's real path
 *       and contain no hidden name there — links that stay inside are followed, links that leave
 *       are refused;
 *   <li>anything else (FIFO, socket, device) is refused, so it is never opened;
 *   <li>a name the platform cannot represent, or any I/O error, is refused too;
 *   <li>when the root holds the uploads directory, a name outside it that leads into it is refused:
 *       a link to it, to anything in it, or another spelling of its own name on a file system that
 *       ignores case (recognised by the directory's identity, device and inode). So an uploaded
 *       file is reached through the uploads directory's own path or not at all, and whatever
 *       decides by that path (served as data, never run as a script) cannot be sidestepped.
 * </ul>
 *
 * <p>What a look-up costs: one {@code lstat(2)} per directory on the way, and one {@code stat(2)}
 * for the last segment — which is all it costs when the name is missing, or is a file that passed
 * the full check before and has not changed (same device, inode, size and modification time). A
 * directory, or a file seen for the first time or changed, costs an {@code lstat} more; a symbolic
 * link on the way, a {@code realpath(3)} and another {@code lstat} (see {@link #step}). The root
 * itself costs one {@code lstat}. Because the walk only ever continues from a real directory inside
 * the root, no later step can climb out. Every refusal looks exactly like a missing entry, so a
 * client learns nothing about what exists outside or is hidden. The remaining window — an entry
 * swapped for a link between this check and the open — needs write access to the root; files are
 * opened with {@code O_NOFOLLOW} to narrow it (docs/adr/0011-containment-by-segment-walk.md).
 */
public final class SiteRoot {

  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** How many checked names are remembered before the memory is emptied and refilled. */
  private static final int CHECKED_NAMES = 16_384;

  private final Path realRoot;
  private final FileSystemProvider provider;
  private final BasicFileAttributes rootAttributes;

  /** The uploads directory's real path when it lies strictly inside the root, else null. */
  private final Path realUploads;

  /** Its identity (device and inode), to know it under another spelling; null with it. */
  private final Object uploadsKey;

  /**
   * Names already fully checked, by the path they were reached through (see {@link #step}). When
   * full it is simply emptied: forgetting costs one {@code lstat} per name, and a plain map keeps
   * the hit path free of the bookkeeping an LRU needs on every read.
   */
  private final ConcurrentHashMap<Path, Checked> checked = new ConcurrentHashMap<>();

  /**
   * @throws NotDirectoryException if {@code root} is not a directory
   */
  public SiteRoot(Path root) throws IOException {
    this(root, null);
  }

  /**
   * A root that holds the uploads directory {@code uploads} (which must exist): names elsewhere in
   * the site that lead into it are refused. An uploads directory outside the root, or the root
   * itself, changes nothing.
   *
   * @throws NotDirectoryException if {@code root} is not a directory
   */
  public SiteRoot(Path root, Path uploads) throws IOException {
    Path real = root.toRealPath();
    BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
    if (!attributes.isDirectory()) {
      throw new NotDirectoryException(root.toString());
    }
    this.realRoot = real;
    this.provider = real.getFileSystem().provider();
    this.rootAttributes = attributes;
    Path uploadsReal = uploads == null ? null : uploads.toRealPath();
    if (uploadsReal != null && uploadsReal.startsWith(real) && !uploadsReal.equals(real)) {
      this.realUploads = uploadsReal;
      this.uploadsKey = Files.readAttributes(uploadsReal, BasicFileAttributes.class).fileKey();
    } else {
      this.realUploads = null;
      this.uploadsKey = null;
    }
  }

  /**
   * An entry that passed the check: its real path and its attributes (links resolved). Only {@code
   * SiteRoot} creates entries, so holding one proves the check was made.
   */
  public static final class Entry {
    private final Path path;
    private final BasicFileAttributes attributes;

    /** The real directory the name was found in, during the same walk; null for the root. */
    private final Path directory;

    private Entry(Path path, BasicFileAttributes attributes, Path directory) {
      this.path = path;
      this.attributes = attributes;
      this.directory = directory;
    }

    /** The real path: absolute, free of links, inside the root. */
    public Path path() {
      return path;
    }

    public BasicFileAttributes attributes() {
      return attributes;
    }

    public boolean isDirectory() {
      return attributes.isDirectory();
    }

    public boolean isRegularFile() {
      return attributes.isRegularFile();
    }
  }

  /** The root's real path. */
  public Path path() {
    return realRoot;
  }

  /**
   * The real path {@code sitePath} names, if it is a visible regular file or directory inside the
   * root. Whether the site path ends with a slash does not matter here.
   */
  public Optional<Path> resolve(SitePath sitePath) {
    return lookup(sitePath).map(Entry::path);
  }

  /** Like {@link #resolve}, with the attributes read on the way (no second {@code stat}). */
  public Optional<Entry> lookup(SitePath sitePath) {
    if (sitePath.hasHiddenSegment()) {
      return Optional.empty();
    }
    Entry current = new Entry(realRoot, rootAttributes, null);
    int last = sitePath.segments().size() - 1;
    for (int i = 0; i <= last; i++) {
      if (!current.isDirectory()) {
        return Optional.empty(); // "/file.txt/more" names nothing
      }
      current = step(current.path(), sitePath.segments().get(i), i == last);
      if (current == null) {
        return Optional.empty();
      }
    }
    if (sitePath.isRoot()) {
      // the root's attributes are read now, not at start-up, so a listing shows current times
      BasicFileAttributes now = readNoFollow(realRoot);
      return now == null ? Optional.empty() : Optional.of(new Entry(realRoot, now, null));
    }
    return Optional.of(current);
  }

  /**
   * One entry of a directory this class already resolved (as listings need), under the same rules
   * as a path: hidden, outside, unrepresentable or special entries are empty.
   */
  public Optional<Entry> lookupChild(Entry directory, String name) {
    if (!directory.isDirectory() || SitePath.isHiddenName(name)) {
      return Optional.empty();
    }
    return Optional.ofNullable(step(directory.path(), name, true));
  }

  /**
   * The entry named {@code name} beside {@code entry} — in the directory the same walk found {@code
   * entry} in (for a link, the link's directory, not its target's) — under the same rules. This is
   * how precompressed siblings ({@code app.js.gz}) are found without walking the path again.
   */
  public Optional<Entry> lookupSibling(Entry entry, String name) {
    if (entry.directory == null || SitePath.isHiddenName(name)) {
      return Optional.empty();
    }
    return Optional.ofNullable(step(entry.directory, name, true));
  }

  /**
   * Where a new regular file named by {@code file} would be created: inside a visible directory of
   * the root, under a visible name. Empty if the parent does not resolve to a directory, or if
   * something other than a regular file (a directory, a link, a FIFO) already holds the name. The
   * caller still creates the file without following links ({@code CREATE_NEW} or an atomic move),
   * so nothing written ever lands outside the root.
   */
  public Optional<Path> resolveForCreation(SitePath file) {
    if (file.isRoot() || file.hasHiddenSegment()) {
      return Optional.empty();
    }
    Optional<Entry> parent = lookup(file.parent());
    if (parent.isEmpty() || !parent.get().isDirectory()) {
      return Optional.empty();
    }
    Path target;
    try {
      target = parent.get().path().resolve(file.fileName());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
    BasicFileAttributes existing;
    try {
      existing = provider.readAttributesIfExists(target, BasicFileAttributes.class, NO_FOLLOW);
    } catch (IOException e) {
      return Optional.empty();
    }
    return existing == null || existing.isRegularFile() ? Optional.of(target) : Optional.empty();
  }

  /**
   * Looks up {@code name} inside the real directory {@code directory}; returns the checked entry or
   * null. The caller guarantees {@code name} is a plain, visible file name.
   *
   * <p>The full check is an {@code lstat(2)}, and for a link its real path, which must be visible
   * and inside. Every directory on the way gets it on every request, so each step continues from a
   * directory that is real at that moment — never from one remembered.
   *
   * <p>The last segment, when it is a regular file, has a fast path: one {@code stat(2)} (links
   * followed), which answers a missing name without the exception a no-follow lookup throws, and
   * which — if this very name passed the full check before and the {@code stat} finds the very same
   * file (device and inode, size and modification time) — is enough: it is the file that was
   * checked, and it is unchanged.
   */
  private Entry step(Path directory, String name, boolean last) {
    Path next;
    try {
      next = directory.resolve(name);
    } catch (InvalidPathException e) {
      return null; // not representable in the platform's file-name encoding
    }
    if (last) {
      BasicFileAttributes current = statFollowingLinks(next);
      if (current == null || !(current.isRegularFile() || current.isDirectory())) {
        return null; // missing, dangling, or a FIFO, socket or device: never opened
      }
      if (current.isRegularFile()) {
        Checked known = checked.get(next);
        if (known != null && known.matches(current)) {
          return new Entry(known.realPath(), current, directory);
        }
      }
    }
    BasicFileAttributes own = readNoFollow(next);
    if (own == null) {
      return null;
    }
    Path real = next;
    BasicFileAttributes attributes = own;
    if (own.isSymbolicLink()) {
      try {
        real = next.toRealPath();
      } catch (IOException e) {
        return null; // dangling, a loop, or unreadable
      }
      if (!isVisibleInsideRoot(real)) {
        return null;
      }
      attributes = readNoFollow(real);
      if (attributes == null) {
        return null;
      }
    }
    if (!attributes.isRegularFile() && !attributes.isDirectory()) {
      return null; // FIFOs, sockets and devices are never opened
    }
    if (leadsIntoUploadsFromOutside(next, real, attributes)) {
      return null;
    }
    if (last && attributes.isRegularFile() && attributes.fileKey() != null) {
      if (checked.size() >= CHECKED_NAMES) {
        checked.clear();
      }
      checked.put(next, new Checked(real, attributes));
    }
    return new Entry(real, attributes, directory);
  }

  /**
   * A file name that passed the full check, and the identity of the file it led to then. A later
   * {@code stat} through the same name that finds the very same file (device, inode, mtime, size)
   * needs no {@code lstat} or {@code realpath(3)} again. Only regular files are remembered: a
   * directory's mtime does not change when a file inside it is edited, so a directory is always
   * checked afresh.
   */
  private record Checked(Path realPath, Object fileKey, FileTime modified, long size) {
    Checked(Path realPath, BasicFileAttributes attributes) {
      this(realPath, attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
    }

    boolean matches(BasicFileAttributes now) {
      return fileKey.equals(now.fileKey())
          && size == now.size()
          && modified.equals(now.lastModifiedTime());
    }
  }

  /**
   * True when the name {@code next}, which is not inside the uploads directory, leads into it:
   * through a link whose real path is in it, or by being the uploads directory itself under another
   * spelling (same device and inode; a case-insensitive file system, a bind mount). A file name
   * that passed once is remembered in {@link #checked}; it cannot turn into such a name without its
   * {@code stat} changing, so the remembered check stays true.
   */
  private boolean leadsIntoUploadsFromOutside(
      Path next, Path real, BasicFileAttributes attributes) {
    if (realUploads == null || next.startsWith(realUploads)) {
      return false;
    }
    return real.startsWith(realUploads)
        || (attributes.isDirectory()
            && uploadsKey != null
            && uploadsKey.equals(attributes.fileKey()));
  }

  private boolean isVisibleInsideRoot(Path real) {
    if (!real.startsWith(realRoot)) {
      return false;
    }
    for (Path name : realRoot.relativize(real)) {
      if (SitePath.isHiddenName(name.toString())) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code stat}: the attributes of what a name leads to, or null if nothing (no exception thrown).
   */
  private BasicFileAttributes statFollowingLinks(Path path) {
    try {
      return provider.readAttributesIfExists(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return null; // a link loop, permission denied, name too long...
    }
  }

  /** {@code lstat}: the attributes, or null if the entry is missing or cannot be read. */
  private BasicFileAttributes readNoFollow(Path path) {
    try {
      return provider.readAttributesIfExists(path, BasicFileAttributes.class, NO_FOLLOW);
    } catch (IOException e) {
      return null; // permission denied, name too long, not a directory...
    }
  }
}
