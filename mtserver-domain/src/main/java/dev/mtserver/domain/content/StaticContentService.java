package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Implements {@link ServeContentUseCase} the way nginx does for a plain {@code root} with {@code
 * gzip_static}: files are served, a directory asked for with a slash serves its {@code index.html}
 * (or its listing, when enabled), a directory asked for without one is redirected to the slashed
 * path, and a precompressed sibling ({@code app.js.br}, {@code app.js.gz}) is chosen when the
 * client accepts its coding. Server-side scripts are never served as files.
 *
 * <p>Two rules go further than nginx:
 *
 * <ul>
 *   <li><b>The upload area is data.</b> Whatever lies below the {@link UploadArea} is marked {@link
 *       ContentOrigin#UPLOAD} in the outcome, so that it is handed out as a download; an {@code
 *       index.html} there never serves its directory (the directory is listed or not found); and
 *       precompressed siblings are never used there — anyone could upload {@code setup.exe.gz}
 *       beside someone else's {@code setup.exe}.
 *   <li><b>A stale variant is not served.</b> A sibling older than its file was made from an
 *       earlier version of it: it is ignored, as if it were missing, until it is made again.
 * </ul>
 */
public final class StaticContentService implements ServeContentUseCase {

  static final String INDEX_FILE = "index.html";

  /**
   * The most entries a listing shows (listings are for people); a larger directory is listed with
   * that many of its entries, in no promised choice, and a note that more exist.
   */
  public static final int LISTING_LIMIT = 1_000;

  private final LoadResourcePort resources;
  private final DirectoryListings listings;
  private final DirectoryListings uploadListings;
  private final UploadArea uploads;
  private final ListingCache listingCache;

  StaticContentService(
      LoadResourcePort resources,
      DirectoryListings listings,
      DirectoryListings uploadListings,
      UploadArea uploads,
      ListingCache listingCache) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.listings = Objects.requireNonNull(listings, "listings");
    this.uploadListings = Objects.requireNonNull(uploadListings, "uploadListings");
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.listingCache = Objects.requireNonNull(listingCache, "listingCache");
  }

  StaticContentService(
      LoadResourcePort resources,
      DirectoryListings listings,
      UploadArea uploads,
      ListingCache listingCache) {
    this(resources, listings, listings, uploads, listingCache);
  }

  /**
   * @param listings whether the site's own directories without an index page are listed
   * @param uploadListings whether the directories of the upload area are listed (the server's
   *     default: they are, since they have no other page)
   * @param uploads where uploaded files appear in the site: everything below it is served as data
   */
  public StaticContentService(
      LoadResourcePort resources,
      DirectoryListings listings,
      DirectoryListings uploadListings,
      UploadArea uploads) {
    this(resources, listings, uploadListings, uploads, ListingCache.system());
  }

  /**
   * The same listing rule for the site's directories and the upload area's.
   *
   * @param uploads where uploaded files appear in the site: everything below it is served as data
   */
  public StaticContentService(
      LoadResourcePort resources, DirectoryListings listings, UploadArea uploads) {
    this(resources, listings, listings, uploads, ListingCache.system());
  }

  /** A service for a site that holds no uploads. */
  public StaticContentService(LoadResourcePort resources, DirectoryListings listings) {
    this(resources, listings, UploadArea.outsideSite());
  }

  /** A service that never lists directories, for a site that holds no uploads. */
  public StaticContentService(LoadResourcePort resources) {
    this(resources, DirectoryListings.DISABLED);
  }

  @Override
  public ContentOutcome serve(ContentRequest request) throws IOException {
    SitePath path = request.path();
    Optional<SiteEntry> entry = resources.find(path);
    if (entry.isEmpty()) {
      return new ContentOutcome.NotFound();
    }
    return switch (entry.get()) {
      case SiteEntry.File file when path.isDirectoryForm() && !path.isRoot() ->
          new ContentOutcome.NotFound(); // "/page.html/" names no directory
      case SiteEntry.File file -> serveFile(file.resource(), request.acceptedCodings());
      case SiteEntry.Directory directory when !path.isDirectoryForm() ->
          new ContentOutcome.RedirectToDirectory(path.asDirectory());
      case SiteEntry.Directory directory -> serveDirectory(directory, request.acceptedCodings());
    };
  }

  /** True when directories of this origin are listed (and so may be downloaded as archives). */
  public boolean mayList(ContentOrigin origin) {
    DirectoryListings rule = origin == ContentOrigin.UPLOAD ? uploadListings : listings;
    return rule == DirectoryListings.ENABLED;
  }

  /** Whether {@code path} lies in the upload area (its bytes are data) or is the site's own. */
  public ContentOrigin originOf(SitePath path) {
    return uploads.contains(path) ? ContentOrigin.UPLOAD : ContentOrigin.SITE;
  }

  private ContentOutcome serveDirectory(SiteEntry.Directory directory, List<ContentCoding> accepted)
      throws IOException {
    SitePath path = directory.path();
    ContentOrigin origin = originOf(path);
    if (origin == ContentOrigin.SITE) { // an uploaded index.html is a file like any other upload
      Optional<SiteEntry> index = resources.find(path.child(INDEX_FILE));
      if (index.isPresent() && index.get() instanceof SiteEntry.File file) {
        return serveFile(file.resource(), accepted);
      }
    }
    if (!mayList(origin)) {
      return new ContentOutcome.NotFound();
    }
    Optional<ContentOutcome.Listing> remembered = listingCache.find(path, directory.lastModified());
    if (remembered.isPresent()) {
      return remembered.get();
    }
    Instant madeAt = listingCache.now();
    ContentOutcome.Listing listing = list(path, origin);
    listingCache.remember(path, directory.lastModified(), madeAt, listing);
    return listing;
  }

  /** Asks for one entry more than is shown, to learn whether the directory holds more. */
  private ContentOutcome.Listing list(SitePath directory, ContentOrigin origin) throws IOException {
    List<DirectoryEntry> entries = new ArrayList<>(resources.list(directory, LISTING_LIMIT + 1));
    entries.sort(DirectoryEntry.LISTING_ORDER);
    boolean cutOff = entries.size() > LISTING_LIMIT;
    List<DirectoryEntry> shown = cutOff ? entries.subList(0, LISTING_LIMIT) : entries;
    return new ContentOutcome.Listing(directory, shown, cutOff, origin);
  }

  private ContentOutcome serveFile(Resource resource, List<ContentCoding> accepted)
      throws IOException {
    if (ScriptTarget.isScript(resource.path())) { // a program for the script runner, never content
      return new ContentOutcome.Script(resource.path());
    }
    if (originOf(resource.path()) == ContentOrigin.UPLOAD) {
      return ContentOutcome.Found.upload(resource); // a sibling there is just another upload
    }
    // looked up whether or not this client accepts them: their mere existence makes the response
    // vary by Accept-Encoding, which caches must be told even when the plain file is sent
    Map<ContentCoding, Resource> siblings = resources.findPrecompressed(resource);
    if (siblings
        .isEmpty()) { // most files: nothing to weigh, and nothing allocated to find that out
      return new ContentOutcome.Found(resource);
    }
    boolean anyFresh = false;
    for (Resource sibling : siblings.values()) {
      anyFresh |= isFreshVariantOf(sibling, resource);
    }
    for (ContentCoding coding : accepted) {
      Resource sibling = siblings.get(coding);
      if (sibling != null && isFreshVariantOf(sibling, resource)) {
        return new ContentOutcome.Found(
            sibling.withMediaType(resource.mediaType()), Optional.of(coding), true);
      }
    }
    return new ContentOutcome.Found(resource, Optional.empty(), anyFresh);
  }

  /**
   * A variant made from the current file is at least as new as it ({@code gzip -k} and {@code
   * brotli} even copy the file's time to it); one older than the file holds an earlier version.
   */
  private static boolean isFreshVariantOf(Resource variant, Resource file) {
    return !variant.lastModified().isBefore(file.lastModified());
  }
}
