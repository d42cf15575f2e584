package dev.mtserver.storage.fs;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one containment check: maps a {@link SitePath} to a real file below the root, or to nothing.
 *
 * <p>The path is resolved one segment at a time. Hidden names (starting with a dot) are refused,
 * and the real path (symbolic links followed) must stay below the root's real path. Every refusal
 * looks exactly like a missing file to the caller, so a client cannot learn what exists outside.
 */
public final class SiteRoot {

  private final Path realRoot;

  /**
   * @throws NotDirectoryException if {@code root} is not a directory
   */
  public SiteRoot(Path root) throws IOException {
    Path real = root.toRealPath();
    if (!Files.isDirectory(real)) {
      throw new NotDirectoryException(root.toString());
    }
    this.realRoot = real;
  }

  /** The root's real path. */
  public Path path() {
    return realRoot;
  }

  /**
   * The real path {@code sitePath} names, if it exists, is visible and lies inside the root.
   */
  public Optional<Path> resolve(SitePath sitePath) throws IOException {
    if (sitePath.hasHiddenSegment()) {
      return Optional.empty();
    }
    Path candidate = realRoot;
    for (String segment : sitePath.segments()) {
      candidate = candidate.resolve(segment);
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw e;
    } catch (FileSystemException e) {
      // ENOTDIR ("/page.html/x": a file used as a directory), ELOOP, ENAMETOOLONG: the JDK reports
      // these as a plain FileSystemException, and each means there is no such file.
      return Optional.empty();
    }
    if (!real.startsWith(realRoot) || !Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return Optional.of(real);
  }
}
