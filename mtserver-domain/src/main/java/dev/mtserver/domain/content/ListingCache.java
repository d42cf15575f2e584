package dev.mtserver.domain.content;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.mtserver.domain.path.SitePath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Listings made recently, so that a flood of requests for a large directory costs one listing per
 * change of the directory (or per {@link #MAX_AGE}), not one per request.
 *
 * <p>A listing is reused only while both hold:
 *
 * <ul>
 *   <li>the directory's modification time is still the one read just before the listing was made:
 *       adding, removing or renaming an entry changes it;
 *   <li>the listing is younger than {@link #MAX_AGE}: a file edited in place changes its own size
 *       and time, not its directory's, so that is how stale a size or date shown may be.
 * </ul>
 *
 * <p>A directory modified less than {@link #SETTLE} before its listing was made is not remembered
 * at all: file systems keep times in coarse ticks, and an entry added later within the same tick
 * would leave the time unchanged (git calls such an index entry "racily clean"). A directory whose
 * time the store does not report is never remembered either.
 *
 * <p>Memory is bounded by the entries held, {@link #ENTRY_BUDGET} in all: sixteen directories at
 * the listing limit, or more smaller ones.
 */
final class ListingCache {

  /** The longest a listing is reused, even for a directory that has not changed. */
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  /** How long a directory must have stood unchanged before a listing of it is remembered. */
  static final Duration SETTLE = Duration.ofSeconds(1);

  /** The most directory entries held in all remembered listings. */
  static final int ENTRY_BUDGET = 16 * (StaticContentService.LISTING_LIMIT + 1);

  private record Remembered(ContentOutcome.Listing listing, Instant directoryModified) {}

  private final Cache<SitePath, Remembered> remembered;
  private final Clock clock;

  /**
   * @param clock the wall clock, compared with the directories' modification times
   * @param ticker measures the age of a listing (monotonic, unlike the wall clock)
   */
  ListingCache(Clock clock, Ticker ticker) {
    this.clock = clock;
    this.remembered =
        CacheBuilder.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(MAX_AGE)
            .maximumWeight(ENTRY_BUDGET)
            .weigher((SitePath directory, Remembered r) -> r.listing().entries().size() + 1)
            .build();
  }

  /** Listings on the system clocks. */
  static ListingCache system() {
    return new ListingCache(Clock.systemUTC(), Ticker.systemTicker());
  }

  /**
   * The listing made of {@code directory} while its modification time was {@code modified}, if
   * still held.
   */
  Optional<ContentOutcome.Listing> find(SitePath directory, Optional<Instant> modified) {
    if (modified.isEmpty()) {
      return Optional.empty();
    }
    Remembered hit = remembered.getIfPresent(directory);
    return hit != null && hit.directoryModified().equals(modified.get())
        ? Optional.of(hit.listing())
        : Optional.empty();
  }

  /** The wall-clock time now: take it before listing, and pass it to {@link #remember}. */
  Instant now() {
    return clock.instant();
  }

  /**
   * Keeps {@code listing}, made at {@code madeAt} of a directory whose modification time was {@code
   * modified} before the listing began, if that time had settled.
   */
  void remember(
      SitePath directory,
      Optional<Instant> modified,
      Instant madeAt,
      ContentOutcome.Listing listing) {
    if (modified.isPresent() && !modified.get().plus(SETTLE).isAfter(madeAt)) {
      remembered.put(directory, new Remembered(listing, modified.get()));
    } else {
      remembered.invalidate(directory);
    }
  }
}
