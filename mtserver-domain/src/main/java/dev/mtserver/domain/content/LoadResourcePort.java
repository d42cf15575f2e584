package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The precompressed siblings of {@code file} (a resource {@link #find} just returned): for each
   * {@link ContentCoding}, the visible regular file named like it plus the coding's suffix ({@code
   * app.js.gz} beside {@code app.js}), if there is one. This default asks {@link #find} for each;
   * a store that knows where it found {@code file} can look beside it without walking the path
   * again.
   */
  default Map<ContentCoding, Resource> findPrecompressed(Resource file) throws IOException {
    Map<ContentCoding, Resource> found = new EnumMap<>(ContentCoding.class);
    SitePath directory = file.path().parent();
    for (ContentCoding coding : ContentCoding.values()) {
      Optional<SiteEntry> sibling =
          find(directory.child(file.path().fileName() + coding.fileSuffix()));
      if (sibling.isPresent() && sibling.get() instanceof SiteEntry.File siblingFile) {
        found.put(coding, siblingFile.resource());
      }
    }
    return found;
  }
}
