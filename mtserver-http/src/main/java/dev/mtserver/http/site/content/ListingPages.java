package dev.mtserver.http.site.content;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.mtserver.domain.content.ContentOutcome;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The rendered pages (and JSON) of recent listings, so that a listing the domain hands out again
 * (it keeps recent ones while their directory is unchanged, see {@code StaticContentService}) is
 * not rendered again: a flood of requests for a directory of thousands of entries then costs a
 * lookup each, not a page each. Each {@link ListingView} (sort order) and format is rendered on
 * first use.
 *
 * <p>Keyed by the very {@link ContentOutcome.Listing} object (Guava's weak keys compare by
 * identity), so a page can never be served for a listing it was not rendered from, and it goes when
 * the domain drops the listing. About {@link #MAX_BYTES} of pages are held (a listing is weighed by
 * its first page, times the number of views it may get).
 */
final class ListingPages {

  /** The most bytes of rendered pages kept: sixteen pages of a listing at its limit. */
  static final long MAX_BYTES = 4L * 1024 * 1024;

  private static final int FORMATS = 2;

  private final boolean archives;

  private final Cache<ContentOutcome.Listing, AtomicReferenceArray<byte[]>> pages =
      CacheBuilder.newBuilder()
          .weakKeys()
          .maximumWeight(MAX_BYTES)
          .weigher(
              (ContentOutcome.Listing listing, AtomicReferenceArray<byte[]> rendered) ->
                  weight(rendered))
          .build();

  /**
   * @param archives whether pages offer the folder as a zip download
   */
  ListingPages(boolean archives) {
    this.archives = archives;
  }

  ListingPages() {
    this(false);
  }

  /** The default page for {@code listing}, rendered now unless it was already. */
  byte[] page(ContentOutcome.Listing listing) {
    return render(listing, ListingView.DEFAULT, false);
  }

  /** The page, or the JSON, for {@code listing} in {@code view}. */
  byte[] render(ContentOutcome.Listing listing, ListingView view, boolean json) {
    AtomicReferenceArray<byte[]> rendered = pages.getIfPresent(listing);
    int slot = view.index() * FORMATS + (json ? 1 : 0);
    byte[] page = rendered == null ? null : rendered.get(slot);
    if (page != null) {
      return page;
    }
    page =
        json
            ? ListingJson.render(listing, view)
            : DirectoryListingPage.render(
                listing.directory(), listing.entries(), listing.cutOff(), view, archives);
    if (rendered == null) {
      rendered = new AtomicReferenceArray<>(ListingView.COUNT * FORMATS);
      rendered.set(slot, page);
      pages.put(listing, rendered);
    } else {
      rendered.set(slot, page);
    }
    return page;
  }

  private static int weight(AtomicReferenceArray<byte[]> rendered) {
    for (int i = 0; i < rendered.length(); i++) {
      byte[] page = rendered.get(i);
      if (page != null) {
        return (int) Math.min(Integer.MAX_VALUE, (long) page.length * rendered.length() / 2);
      }
    }
    return 1;
  }
}
