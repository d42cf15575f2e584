package dev.mtserver.domain.content;

import com.google.common.collect.ImmutableList;
import dev.mtserver.domain.path.SitePath;
import java.util.List;
import java.util.Objects;

/** The answer of {@link ArchiveFolderUseCase}: one case per thing a client can be told. */
public sealed interface FolderArchive {

  /**
   * The files of the folder, ready to be streamed in this order.
   *
   * @param directory the folder, in directory form
   * @param entries its visible files, recursively, by path
   * @param totalBytes the sum of their sizes
   */
  record Ready(SitePath directory, List<Entry> entries, long totalBytes) implements FolderArchive {
    public Ready {
      Objects.requireNonNull(directory, "directory");
      entries = ImmutableList.copyOf(entries);
    }
  }

  /**
   * One file of an archive.
   *
   * @param name its path below the folder, segments joined by {@code /}, as stored (the HTTP layer
   *     makes it safe for the archive format)
   * @param resource the file
   */
  record Entry(String name, Resource resource) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(resource, "resource");
    }
  }

  /** The folder holds more than the {@link ArchiveLimits} allow; nothing is sent. */
  record TooLarge(ArchiveLimits limits) implements FolderArchive {}

  /** The path names a folder but lacks the trailing slash. */
  record RedirectToDirectory(SitePath location) implements FolderArchive {}

  /** No folder that may be listed: missing, a file, hidden, or listings are off for it. */
  record NotFound() implements FolderArchive {}
}
