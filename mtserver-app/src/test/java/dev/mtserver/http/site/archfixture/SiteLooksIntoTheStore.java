package dev.mtserver.http.site.archfixture;

import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;

/** Deliberately bad: a handler asking a store (an outbound port) instead of a use case. */
public class SiteLooksIntoTheStore {
  public boolean exists(LoadResourcePort store, SitePath path) throws IOException {
    return store.find(path).isPresent();
  }
}
