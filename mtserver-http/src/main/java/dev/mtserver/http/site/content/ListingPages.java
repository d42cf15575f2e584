package dev.mtserver.http.site.content;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.mtserver.domain.content.ContentOutcome;

/**
 * The rendered pages of recent listings, so that a listing the domain hands out again (it keeps
 * recent ones while their directory is unchanged, see {@code StaticContentService}) is not rendered
 * again: a flood of requests for a directory of thousands of entries then costs a lookup each, not
 * a page each.
 *
 * <p>Keyed by the very {@link ContentOutcome.Listing} object (Guava's weak keys compare by
 * identity), so a page can never be served for a listing it was not rendered from, and it goes when
 * the domain drops the listing. At most {@link #MAX_BYTES} of pages are held.
 */
final class ListingPages {

  /** The most bytes of rendered pages kept: sixteen pages of a listing at its limit. */
  static final long MAX_BYTES = 4L * 1024 * 1024;

  private final Cache<ContentOutcome.Listing, byte[]> pages =
      CacheBuilder.newBuilder()
          .weakKeys()
          .maximumWeight(MAX_BYTES)
          .weigher((ContentOutcome.Listing listing, byte[] page) -> page.length)
          .build();

  /** The page for {@code listing}, rendered now unless it was already. */
  byte[] page(ContentOutcome.Listing listing) {
    byte[] page = pages.getIfPresent(listing);
    if (page == null) {
      page = DirectoryListingPage.render(listing.directory(), listing.entries(), listing.cutOff());
      pages.put(listing, page);
    }
    return page;
  }
}
