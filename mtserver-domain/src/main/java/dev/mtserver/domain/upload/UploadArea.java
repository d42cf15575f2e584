package dev.mtserver.domain.upload;

import dev.mtserver.domain.path.SitePath;
import java.util.Objects;
import java.util.Optional;

/**
 * Where uploaded files appear in the site, if anywhere: {@code /downloads/} when the uploads
 * directory lies under the site root (the default), nowhere when it lies outside. The upload store
 * says which ({@link UploadStorePort#area}): it knows where it keeps its files and, from its
 * configuration, where that is among the site's.
 *
 * <p>Everything below it is data a stranger sent, never code: the static-content service marks what
 * it serves from here as an upload (never a directory's index page, never a precompressed
 * stand-in), the HTTP layer hands that out sandboxed and, unless its type is passive, as an
 * attachment; and a script runner asks {@link #contains} before it runs anything, so a {@code .php}
 * that was uploaded is never executed.
 */
public final class UploadArea {

  private static final UploadArea OUTSIDE = new UploadArea(Optional.empty());

  private final Optional<SitePath> directory;

  private UploadArea(Optional<SitePath> directory) {
    this.directory = directory;
  }

  /** Uploads are served below {@code directory}, such as {@code /downloads/}. */
  public static UploadArea at(SitePath directory) {
    return new UploadArea(Optional.of(Objects.requireNonNull(directory).asDirectory()));
  }

  /** The uploads directory is not part of the site: stored files have no URL. */
  public static UploadArea outsideSite() {
    return OUTSIDE;
  }

  /** The directory in the site, if uploads are reachable there. */
  public Optional<SitePath> directory() {
    return directory;
  }

  /** True when {@code path} is the uploads directory or anything below it. */
  public boolean contains(SitePath path) {
    return directory.isPresent() && path.startsWith(directory.get());
  }

  /** Where a stored file can be fetched, such as {@code /downloads/report.pdf}. */
  public Optional<SitePath> pathOf(String storedName) {
    return directory.map(dir -> dir.child(storedName));
  }

  @Override
  public String toString() {
    return directory.map(SitePath::toString).orElse("(outside the site)");
  }
}
