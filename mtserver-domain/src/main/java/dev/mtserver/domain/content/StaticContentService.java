package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Implements {@link ServeContentUseCase} the way nginx does for a plain {@code root} with {@code
 * gzip_static}: files are served, a directory asked for with a slash serves its {@code
 * index.html} (or its listing, when enabled), a directory asked for without one is redirected to
 * the slashed path, and a precompressed sibling ({@code app.js.br}, {@code app.js.gz}) is chosen
 * when the client accepts its coding. Server-side scripts are never served as files.
 */
public final class StaticContentService implements ServeContentUseCase {

  static final String INDEX_FILE = "index.html";
  /** The most entries a listing shows; a larger directory is cut off (listings are for people). */
  public static final int LISTING_LIMIT = 10_000;

  private final LoadResourcePort resources;
  private final DirectoryListings listings;

  public StaticContentService(LoadResourcePort resources, DirectoryListings listings) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.listings = Objects.requireNonNull(listings, "listings");
  }

  /** A service that never lists directories. */
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
      case SiteEntry.Directory directory -> serveDirectory(directory.path(), request);
    };
  }

  private ContentOutcome serveDirectory(SitePath directory, ContentRequest request)
      throws IOException {
    Optional<SiteEntry> index = resources.find(directory.child(INDEX_FILE));
    if (index.isPresent() && index.get() instanceof SiteEntry.File file) {
      return serveFile(file.resource(), request.acceptedCodings());
    }
    if (listings == DirectoryListings.DISABLED) {
      return new ContentOutcome.NotFound();
    }
    List<DirectoryEntry> entries = new ArrayList<>(resources.list(directory, LISTING_LIMIT));
    entries.sort(DirectoryEntry.LISTING_ORDER);
    return new ContentOutcome.Listing(directory, entries);
  }

  private ContentOutcome serveFile(Resource resource, List<ContentCoding> accepted)
      throws IOException {
    if (ScriptTarget.isScript(resource.path())) { // a program for the script runner, never content
      return new ContentOutcome.Script(resource.path());
    }
    // looked up whether or not this client accepts them: their mere existence makes the response
    // vary by Accept-Encoding, which caches must be told even when the plain file is sent
    Map<ContentCoding, Resource> siblings = resources.findPrecompressed(resource);
    for (ContentCoding coding : accepted) {
      Resource sibling = siblings.get(coding);
      if (sibling != null) {
        return new ContentOutcome.Found(
            sibling.withMediaType(resource.mediaType()), Optional.of(coding), true);
      }
    }
    return new ContentOutcome.Found(resource, Optional.empty(), !siblings.isEmpty());
  }
}
