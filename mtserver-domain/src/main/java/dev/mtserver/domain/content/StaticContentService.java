package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Implements {@link ServeContentUseCase} the way nginx does for a plain {@code root}: files are
 * served, a directory asked for with a slash serves its {@code index.html}, and a directory asked
 * for without one is redirected to the slashed path.
 */
public final class StaticContentService implements ServeContentUseCase {

  static final String INDEX_FILE = "index.html";

  private final LoadResourcePort resources;

  public StaticContentService(LoadResourcePort resources) {
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  @Override
  public ContentOutcome serve(SitePath path) throws IOException {
    Optional<SiteEntry> entry = resources.find(path);
    if (entry.isEmpty()) {
      return new ContentOutcome.NotFound();
    }
    return switch (entry.get()) {
      case SiteEntry.File file when path.isDirectoryForm() && !path.isRoot() ->
          new ContentOutcome.NotFound(); // "/page.html/" names no directory
      case SiteEntry.File file -> new ContentOutcome.Found(file.resource());
      case SiteEntry.Directory directory when !path.isDirectoryForm() ->
          new ContentOutcome.RedirectToDirectory(path.asDirectory());
      case SiteEntry.Directory directory -> serveIndex(path);
    };
  }

  private ContentOutcome serveIndex(SitePath directory) throws IOException {
    return resources
        .find(directory.child(INDEX_FILE))
        .<ContentOutcome>map(
            entry ->
                entry instanceof SiteEntry.File file
                    ? new ContentOutcome.Found(file.resource())
                    : new ContentOutcome.NotFound())
        .orElseGet(ContentOutcome.NotFound::new);
  }
}
