package dev.mtserver.dynamic.archfixture;

import dev.mtserver.storage.fs.SiteRoot;

/** Deliberately bad: a dynamic-content adapter reaching into the storage adapter. */
public final class DynamicReadsTheSiteRoot {

  public String root(SiteRoot root) {
    return root.path().toString();
  }
}
