package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * How static content is served: the command line's content flags in one record.
 *
 * @param directoryListing list directories that have no {@code index.html} ({@code
 *     --directory-listing}); otherwise they are 404
 * @param cacheControl the {@code Cache-Control} sent with files ({@code --cache-control}); blank
 *     sends none
 * @param fileCacheBytes memory for small hot files ({@code --file-cache}); 0 turns the cache off
 */
public record ContentSettings(boolean directoryListing, String cacheControl, long fileCacheBytes) {

  /**
   * Files larger than this are always sent from disk with {@code sendfile}. It matches the size up
   * to which a body leaves in the same write as its head: above it the copy out of the heap costs
   * more than {@code open} and {@code sendfile} save (a 64 KiB file from memory gave about 0.6 to
   * 0.9x the requests per second of the same file through {@code sendfile}, measured with wrk).
   */
  public static final int FILE_CACHE_MAX_FILE_BYTES = 16 * 1024;
  public static final long DEFAULT_FILE_CACHE_BYTES = 32L * 1024 * 1024;

  public ContentSettings {
    Objects.requireNonNull(cacheControl, "cacheControl");
    checkArgument(fileCacheBytes >= 0, "fileCacheBytes must not be negative");
  }

  /** No listings, {@code Cache-Control: no-cache}, a 32 MiB cache of files up to 16 KiB. */
  public static ContentSettings defaults() {
    return new ContentSettings(false, "no-cache", DEFAULT_FILE_CACHE_BYTES);
  }

  public ContentSettings withDirectoryListing(boolean enabled) {
    return new ContentSettings(enabled, cacheControl, fileCacheBytes);
  }

  public ContentSettings withCacheControl(String value) {
    return new ContentSettings(directoryListing, value, fileCacheBytes);
  }

  public ContentSettings withFileCacheBytes(long bytes) {
    return new ContentSettings(directoryListing, cacheControl, bytes);
  }
}
