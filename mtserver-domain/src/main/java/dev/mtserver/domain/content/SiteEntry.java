package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What a path names in the site: a file or a directory. Anything else is "not found". */
public sealed interface SiteEntry {

  /** A regular file that may be served. */
  record File(Resource resource) implements SiteEntry {}

  /**
   * A directory; its path is given in directory form ({@code /docs/}).
   *
   * @param lastModified when an entry was last added to it, removed or renamed (a POSIX directory's
   *     modification time), as the store read it just now; empty if the store cannot tell, and then
   *     a listing of it is never reused
   */
  record Directory(SitePath path, Optional<Instant> lastModified) implements SiteEntry {
    public Directory {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(lastModified, "lastModified");
    }

    /** A directory whose modification time the store does not know. */
    public Directory(SitePath path) {
      this(path, Optional.empty());
    }
  }
}
