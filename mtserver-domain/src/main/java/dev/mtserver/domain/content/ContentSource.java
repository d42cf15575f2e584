package dev.mtserver.domain.content;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads the bytes of one resource, for a store that described it. The HTTP layer asks for them only
 * when it builds a body (so never for a refusal); storage adapters implement it.
 */
@FunctionalInterface
public interface ContentSource {

  /**
   * Opens the content; the caller closes it. Opening may send nothing yet (an object store sends
   * its request on the first read), so a failure may come from {@code open} or from the first read:
   * {@link dev.mtserver.domain.store.GoneException} when the version that was looked up is gone,
   * {@link dev.mtserver.domain.store.AccessRefusedException} when the store will not let the server
   * read it, {@link dev.mtserver.domain.store.StoreUnavailableException} when the store cannot
   * answer now.
   */
  OpenContent open() throws IOException;

  /**
   * The whole content through the store's cache of small files, when it keeps one and the content
   * is small enough for it: from memory when it is there, else read into it now — so this may read
   * the store, and is called only when the body is about to be sent. A present answer lets the body
   * leave in the same write as the response head. Empty when the store keeps no such cache (this
   * default), or the content is not one it caches; the caller then {@linkplain #open opens} it. The
   * array is shared: callers must not modify it.
   */
  default Optional<byte[]> readThroughCache() {
    return Optional.empty();
  }
}
