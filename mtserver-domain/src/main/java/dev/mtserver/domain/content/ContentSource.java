package dev.mtserver.domain.content;

import java.io.IOException;

/** Opens the bytes of a resource; storage adapters implement it, the HTTP layer calls it. */
@FunctionalInterface
public interface ContentSource {

  /** Opens the content for reading; the caller closes it. */
  OpenContent open() throws IOException;
}
