package dev.mtserver.domain.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, finding 8: a listing is bounded (at most {@link StaticContentService#LISTING_LIMIT}
 * entries, with a flag saying more exist) and reused while its directory is unchanged, so a flood
 * of requests for a large directory costs one listing, not one per request — without ever showing
 * an added or removed entry late.
 */
class ListingLimitsTest {

  private static final Instant DIRECTORY_TIME = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * A store whose directories report a modification time the test sets, and that counts listings.
   */
  private static final class CountingSite implements LoadResourcePort {
    final InMemorySite site;
    final AtomicInteger listings = new AtomicInteger();
    volatile Optional<Instant> directoryTime = Optional.of(DIRECTORY_TIME);

    CountingSite(InMemorySite site) {
      this.site = site;
    }

    @Override
    public Optional<SiteEntry> find(SitePath path) throws IOException {
      return site.find(path)
          .map(
              entry ->
                  entry instanceof SiteEntry.Directory d
                      ? new SiteEntry.Directory(d.path(), directoryTime)
                      : entry);
    }

    @Override
    public List<DirectoryEntry> list(SitePath directory, int limit) throws IOException {
      listings.incrementAndGet();
      return site.list(directory, limit);
    }

    @Override
    public Map<ContentCoding, Resource> findPrecompressed(Resource file) throws IOException {
      return site.findPrecompressed(file);
    }
  }

  /** A ticker the test moves by hand. */
  private static final class ManualTicker extends Ticker {
    long nanos;

    @Override
    public long read() {
      return nanos;
    }
  }

  private final ManualTicker ticker = new ManualTicker();
  private Instant now = DIRECTORY_TIME.plus(Duration.ofMinutes(5));
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };

  private final CountingSite site =
      new CountingSite(new InMemorySite().file("/files/a.txt", "a").file("/files/b.txt", "b"));
  private final StaticContentService service =
      new StaticContentService(
          site,
          DirectoryListings.ENABLED,
          UploadArea.outsideSite(),
          new ListingCache(clock, ticker));

  private ContentOutcome.Listing list(String path) throws IOException {
    ContentOutcome outcome = service.serve(SitePath.parse(path));
    assertThat(outcome).isInstanceOf(ContentOutcome.Listing.class);
    return (ContentOutcome.Listing) outcome;
  }

  @Test
  void a_directory_over_the_limit_is_cut_off_at_the_limit_and_says_so() throws IOException {
    InMemorySite crowded = new InMemorySite();
    for (int i = 0; i < StaticContentService.LISTING_LIMIT + 500; i++) {
      crowded.file(String.format("/crowded/file-%05d.txt", i), "x");
    }
    for (int i = 0; i < StaticContentService.LISTING_LIMIT; i++) {
      crowded.file(String.format("/full/file-%05d.txt", i), "x");
    }
    StaticContentService listing = new StaticContentService(crowded, DirectoryListings.ENABLED);

    ContentOutcome.Listing over =
        (ContentOutcome.Listing) listing.serve(SitePath.parse("/crowded/"));
    ContentOutcome.Listing full = (ContentOutcome.Listing) listing.serve(SitePath.parse("/full/"));

    assertThat(over.entries()).hasSize(StaticContentService.LISTING_LIMIT);
    assertThat(over.cutOff()).isTrue();
    assertThat(over.entries()).isSortedAccordingTo(DirectoryEntry.LISTING_ORDER);
    assertThat(full.entries()).hasSize(StaticContentService.LISTING_LIMIT);
    assertThat(full.cutOff()).isFalse();
  }

  @Test
  void an_unchanged_directory_is_listed_once_for_many_requests() throws IOException {
    ContentOutcome.Listing first = list("/files/");
    for (int i = 0; i < 100; i++) {
      assertThat(list("/files/")).isSameAs(first);
    }
    assertThat(site.listings).hasValue(1);
  }

  @Test
  void a_directory_whose_time_changed_is_listed_afresh() throws IOException {
    list("/files/");
    site.site.file("/files/c.txt", "c");
    site.directoryTime = Optional.of(DIRECTORY_TIME.plusNanos(1));

    assertThat(list("/files/").entries()).extracting(DirectoryEntry::name).contains("c.txt");
    assertThat(site.listings).hasValue(2);
  }

  @Test
  void a_listing_is_reused_for_at_most_its_maximum_age() throws IOException {
    list("/files/");
    ticker.nanos += ListingCache.MAX_AGE.toNanos() - 1;
    list("/files/");
    assertThat(site.listings).hasValue(1);

    ticker.nanos += 1;
    list("/files/");
    assertThat(site.listings).hasValue(2);
  }

  @Test
  void a_directory_modified_within_the_last_second_is_never_remembered() throws IOException {
    now = DIRECTORY_TIME.plus(ListingCache.SETTLE).minusNanos(1);
    list("/files/");
    list("/files/");
    assertThat(site.listings).hasValue(2);

    now = DIRECTORY_TIME.plus(ListingCache.SETTLE);
    list("/files/");
    list("/files/");
    assertThat(site.listings).hasValue(3);
  }

  @Test
  void a_directory_whose_time_is_unknown_is_listed_every_time() throws IOException {
    site.directoryTime = Optional.empty();

    list("/files/");
    list("/files/");

    assertThat(site.listings).hasValue(2);
  }

  @Test
  void each_directory_has_its_own_listing() throws IOException {
    site.site.file("/other/x.txt", "x");

    ContentOutcome.Listing files = list("/files/");
    ContentOutcome.Listing other = list("/other/");

    assertThat(other).isNotSameAs(files);
    assertThat(other.entries()).extracting(DirectoryEntry::name).containsExactly("x.txt");
    assertThat(list("/files/")).isSameAs(files);
  }
}
