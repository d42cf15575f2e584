package dev.mtserver.domain.content;

import java.io.IOException;
import java.util.Optional;

/** Opens the bytes of a resource; storage adapters implement it, the HTTP layer calls it. */
@FunctionalInterface
public interface ContentSource {

  /** Opens the content for reading; the caller closes it. */
  OpenContent open() throws IOException;

  /**
   * The whole content, when the store already holds it in memory (a small, hot file), so it can
   * leave in the same write as the response head. The array is shared: callers must not modify
   * it. Empty when the content lives only on disk.
   */
  default Optional<byte[]> inMemory() {
    return Optional.empty();
  }
}
