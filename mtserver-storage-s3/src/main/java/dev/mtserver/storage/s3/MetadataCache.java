package dev.mtserver.storage.s3;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.ExecutionError;
import com.google.common.util.concurrent.UncheckedExecutionException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * A short-lived memory of what the store said about keys: an object's metadata or its absence, and
 * whether a prefix holds anything. Each answer is believed for {@code ttl} after it was fetched,
 * then asked again; so a new, changed or deleted object shows on this instance at most {@code ttl}
 * late. At most {@code maxEntries} answers of each kind are kept (least recently used go first).
 * Failures are never remembered. Concurrent asks for one key wait for one request.
 */
final class MetadataCache {

  private final Cache<String, Optional<ObjectMeta>> objects;
  private final Cache<String, Boolean> prefixes;

  MetadataCache(Duration ttl, long maxEntries) {
    long entries = ttl.isZero() ? 0 : maxEntries; // a zero TTL: nothing is remembered
    this.objects = CacheBuilder.newBuilder().expireAfterWrite(ttl).maximumSize(entries).build();
    this.prefixes = CacheBuilder.newBuilder().expireAfterWrite(ttl).maximumSize(entries).build();
  }

  /** I/O that may fail, as the cache's loaders are. */
  @FunctionalInterface
  interface Lookup<T> {
    T fetch() throws IOException;
  }

  Optional<ObjectMeta> object(String key, Lookup<Optional<ObjectMeta>> lookup) throws IOException {
    return get(objects, key, lookup);
  }

  /**
   * Forgets what was believed about {@code key}: a read found the object changed or gone since its
   * look-up, so the next look-up asks the store instead of answering the same stale version for the
   * rest of the TTL.
   */
  void forget(String key) {
    objects.invalidate(key);
  }

  boolean prefixHasObjects(String prefix, Lookup<Boolean> lookup) throws IOException {
    return get(prefixes, prefix, lookup);
  }

  private static <T> T get(Cache<String, T> cache, String key, Lookup<T> lookup)
      throws IOException {
    Callable<T> loader = lookup::fetch;
    try {
      return cache.get(key, loader);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } catch (UncheckedExecutionException | ExecutionError e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }
}
