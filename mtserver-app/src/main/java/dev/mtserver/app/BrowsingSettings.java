package dev.mtserver.app;

import dev.mtserver.domain.content.ArchiveLimits;
import dev.mtserver.domain.path.SitePath;
import java.util.Objects;
import java.util.Optional;

/**
 * What a visitor browsing the site gets beyond its files (issue 19): the command line's flags for
 * them in one record; the defaults are the modules' that enforce them.
 *
 * @param uploadsListing list the directories of the upload area ({@code --uploads-listing}, on by
 *     default: they have no other page; {@code --no-uploads-listing} makes them 404)
 * @param compress gzip text files on the fly ({@code --compress gzip}, the default; {@code off})
 * @param archives the bounds of one folder download ({@code --archive-max-bytes}, {@code
 *     --archive-max-files}); folders download as zip wherever they may be listed, and a bound of 0
 *     files turns archives off
 * @param singlePage the page answered for unknown extension-less paths ({@code --spa}); empty for
 *     none
 */
public record BrowsingSettings(
    boolean uploadsListing,
    boolean compress,
    ArchiveLimits archives,
    Optional<SitePath> singlePage) {

  public BrowsingSettings {
    Objects.requireNonNull(archives, "archives");
    Objects.requireNonNull(singlePage, "singlePage");
  }

  /** Uploads listed, gzip on, archives up to 1 GiB and 10,000 files, no single-page app. */
  public static BrowsingSettings defaults() {
    return new BrowsingSettings(true, true, ArchiveLimits.defaults(), Optional.empty());
  }

  public BrowsingSettings withUploadsListing(boolean value) {
    return new BrowsingSettings(value, compress, archives, singlePage);
  }

  public BrowsingSettings withCompress(boolean value) {
    return new BrowsingSettings(uploadsListing, value, archives, singlePage);
  }

  public BrowsingSettings withArchives(ArchiveLimits value) {
    return new BrowsingSettings(uploadsListing, compress, value, singlePage);
  }

  public BrowsingSettings withSinglePage(Optional<SitePath> value) {
    return new BrowsingSettings(uploadsListing, compress, archives, value);
  }
}
