package dev.mtserver.http.site.archfixture;

import dev.mtserver.domain.content.ContentSource;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Deliberately bad: a handler that knows its store is a file system. Only a catch clause names the
 * file system's exception, which class files record in the method's exception table alone.
 */
public class SiteCatchesFileErrors {
  public int statusOf(ContentSource source) throws IOException {
    try {
      source.open().close();
      return 200;
    } catch (NoSuchFileException e) {
      return 404;
    }
  }
}
