package dev.mtserver.http.site.content;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.CharMatcher;
import java.util.Optional;

/**
 * How {@link StaticContentHandler} describes files to caches.
 *
 * @param cacheControl the {@code Cache-Control} value sent with every file, such as {@code
 *     no-cache} (the default: caches may keep the file but must revalidate it with its {@code ETag}
 *     before each use) or {@code public, max-age=3600}; empty sends no {@code Cache-Control}
 */
public record StaticContentOptions(Optional<String> cacheControl) {

  /** What a header value may hold: visible ASCII, space and tab. */
  private static final CharMatcher FIELD_VALUE =
      CharMatcher.inRange(' ', '~').or(CharMatcher.is('\t'));

  public static final String DEFAULT_CACHE_CONTROL = "no-cache";

  public StaticContentOptions {
    cacheControl = cacheControl.map(String::strip).filter(value -> !value.isEmpty());
    cacheControl.ifPresent(
        value ->
            checkArgument(
                FIELD_VALUE.matchesAllOf(value), "Cache-Control must be printable ASCII"));
  }

  /** {@code Cache-Control: no-cache}. */
  public static StaticContentOptions defaults() {
    return new StaticContentOptions(Optional.of(DEFAULT_CACHE_CONTROL));
  }

  /** Options with this {@code Cache-Control} value; blank means none is sent. */
  public static StaticContentOptions withCacheControl(String value) {
    return new StaticContentOptions(Optional.of(value));
  }
}
