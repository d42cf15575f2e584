package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.http.site.content.StaticContentOptions;
import dev.mtserver.storage.fs.OpenFileCache;
import dev.mtserver.storage.fs.SmallFileCache;
import java.util.Objects;

/**
 * How static content is served: the command line's content flags in one record. Their defaults are
 * the modules' that enforce them.
 *
 * @param directoryListing list directories that have no {@code index.html} ({@code
 *     --directory-listing}); otherwise they are 404
 * @param cacheControl the {@code Cache-Control} sent with files ({@code --cache-control}); blank
 *     sends none
 * @param fileCacheBytes memory for small hot files ({@code --file-cache}); 0 turns the cache off.
 *     Each file in it is at most the size the HTTP engine sends with its head ({@code
 *     ResponseBody.COALESCE_BYTES}, 16 KiB)
 * @param keptOpenFiles how many open files the site keeps between requests ({@code
 *     --open-file-cache}), for files sent with {@code sendfile}; 0 opens and closes a file for
 *     every request
 */
public record ContentSettings(
    boolean directoryListing, String cacheControl, long fileCacheBytes, int keptOpenFiles) {

  public ContentSettings {
    Objects.requireNonNull(cacheControl, "cacheControl");
    checkArgument(fileCacheBytes >= 0, "fileCacheBytes must not be negative");
    checkArgument(keptOpenFiles >= 0, "keptOpenFiles must not be negative");
  }

  /** These settings with the default open-file cache ({@value OpenFileCache#DEFAULT_MAX_KEPT}). */
  public ContentSettings(boolean directoryListing, String cacheControl, long fileCacheBytes) {
    this(directoryListing, cacheControl, fileCacheBytes, OpenFileCache.DEFAULT_MAX_KEPT);
  }

  /**
   * No listings, {@code Cache-Control: no-cache}, a 32 MiB cache of small files, 256 open files
   * kept.
   */
  public static ContentSettings defaults() {
    return new ContentSettings(
        false, StaticContentOptions.DEFAULT_CACHE_CONTROL, SmallFileCache.DEFAULT_TOTAL_BYTES);
  }

  /** These settings with {@code count} open files kept between requests. */
  public ContentSettings withKeptOpenFiles(int count) {
    return new ContentSettings(directoryListing, cacheControl, fileCacheBytes, count);
  }

  /** The site's open-file cache these settings describe. */
  OpenFileCache openFileCache() {
    return new OpenFileCache(keptOpenFiles, OpenFileCache.IDLE_CLOSE);
  }
}
