package dev.mtserver.domain.content;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One visible entry of a directory listing.
 *
 * @param name the entry's file name, as stored
 * @param directory true for a sub-directory
 * @param size the length in bytes; 0 for directories
 * @param lastModified the modification time
 */
public record DirectoryEntry(String name, boolean directory, long size, Instant lastModified) {

  /** Directories first, then by name (code point order, as {@code ls} in the C locale). */
  public static final Comparator<DirectoryEntry> LISTING_ORDER =
      Comparator.comparing((DirectoryEntry e) -> !e.directory())
          .thenComparing(DirectoryEntry::name);

  public DirectoryEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
