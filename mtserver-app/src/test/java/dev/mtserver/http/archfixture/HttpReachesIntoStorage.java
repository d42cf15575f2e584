package dev.mtserver.http.archfixture;

import dev.mtserver.storage.fs.SiteRoot;
import java.io.IOException;
import java.nio.file.Path;

/** Deliberately bad: the HTTP layer constructing a storage adapter itself. */
public class HttpReachesIntoStorage {
  public SiteRoot root() throws IOException {
    return new SiteRoot(Path.of("."));
  }
}
