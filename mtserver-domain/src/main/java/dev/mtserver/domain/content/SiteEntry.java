package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;

/** What a path names in the site: a file or a directory. Anything else is "not found". */
public sealed interface SiteEntry {

  /** A regular file that may be served. */
  record File(Resource resource) implements SiteEntry {}

  /** A directory; its path is given in directory form ({@code /docs/}). */
  record Directory(SitePath path) implements SiteEntry {}
}
