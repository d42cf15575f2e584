package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: looks paths up in the site's store.
 *
 * <p>Implementations apply the one containment rule: an entry outside the root (through a
 * symbolic link, say), a hidden entry, or anything that is neither a regular file nor a directory
 * is reported as empty, exactly like a missing one — and is left out of listings.
 */
public interface LoadResourcePort {

  /** What {@code path} names, if it is a visible file or directory inside the root. */
  Optional<SiteEntry> find(SitePath path) throws IOException;

  /**
   * The visible entries of the directory {@code directory}, in no particular order, at most
   * {@code limit} of them; empty if it is not a visible directory.
   */
  List<DirectoryEntry> list(SitePath directory, int limit) throws IOException;
}
