package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptTarget;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Implements {@link ArchiveFolderUseCase}: a folder may be downloaded exactly where it may be
 * listed ({@link StaticContentService#mayList}), and holds what its listings show — visible files,
 * recursively, never a hidden name nor anything the store reports as outside the site (a link
 * leaving the root is invisible to {@link LoadResourcePort}). Server-side scripts of the site are
 * left out: their source is never sent, in an archive or otherwise.
 *
 * <p>The whole folder is walked before anything is sent (names and sizes only, no content), so a
 * folder over the {@link ArchiveLimits} is refused with a clear answer instead of a download cut
 * short; the walk itself stops as soon as a bound is passed.
 */
public final class FolderArchiveService implements ArchiveFolderUseCase {

  private final LoadResourcePort resources;
  private final StaticContentService rules;
  private final ArchiveLimits limits;

  /**
   * @param rules decides which folders may be listed, and which are the upload area's
   */
  public FolderArchiveService(
      LoadResourcePort resources, StaticContentService rules, ArchiveLimits limits) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public FolderArchive plan(SitePath path) throws IOException {
    Optional<SiteEntry> found = resources.find(path);
    if (found.isEmpty() || !(found.get() instanceof SiteEntry.Directory)) {
      return new FolderArchive.NotFound();
    }
    if (!path.isDirectoryForm()) {
      return new FolderArchive.RedirectToDirectory(path.asDirectory());
    }
    if (!rules.mayList(rules.originOf(path))) {
      return new FolderArchive.NotFound();
    }
    return walk(path);
  }

  /** Breadth-first over the folder; a folder's entries by name, so archives come out the same. */
  private FolderArchive walk(SitePath root) throws IOException {
    List<FolderArchive.Entry> files = new ArrayList<>();
    long totalBytes = 0;
    int seen = 0; // entries of every kind: a listing cut short must never drop one silently
    Deque<Folder> folders = new ArrayDeque<>();
    folders.add(new Folder(root, "", 0));
    while (!folders.isEmpty()) {
      Folder folder = folders.removeFirst();
      // one more than may still fit: enough to learn that the bound is passed
      int room = limits.maxFiles() - seen + 1;
      List<DirectoryEntry> entries = new ArrayList<>(resources.list(folder.path(), room));
      seen += entries.size();
      if (seen > limits.maxFiles()) {
        return new FolderArchive.TooLarge(limits);
      }
      entries.sort(Comparator.comparing(DirectoryEntry::name));
      for (DirectoryEntry entry : entries) {
        SitePath child = folder.path().child(entry.name());
        String name = folder.prefix() + entry.name();
        if (entry.directory()) {
          if (folder.depth() < ArchiveLimits.MAX_DEPTH) {
            folders.addLast(new Folder(child.asDirectory(), name + "/", folder.depth() + 1));
          }
          continue;
        }
        if (rules.originOf(child) == ContentOrigin.SITE && ScriptTarget.isScript(child)) {
          continue;
        }
        Optional<SiteEntry> file = resources.find(child);
        if (file.isEmpty() || !(file.get() instanceof SiteEntry.File regular)) {
          continue; // gone since the listing, or no longer a file
        }
        totalBytes += regular.resource().size();
        files.add(new FolderArchive.Entry(name, regular.resource()));
        if (totalBytes > limits.maxBytes()) {
          return new FolderArchive.TooLarge(limits);
        }
      }
    }
    return new FolderArchive.Ready(root, files, totalBytes);
  }

  private record Folder(SitePath path, String prefix, int depth) {}
}
