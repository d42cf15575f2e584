package dev.mtserver.app;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server's files are: the site it serves, where uploads go, where it keeps its records
 * ({@code --root}, {@code --uploads}, {@code --data}). {@link DirectoryLayout} checks, before
 * anything is created, that they do not overlap in a way that would serve the server's own records.
 *
 * @param root the site root
 * @param uploads where uploaded files are stored; below the root they are served from there, as
 *     data
 * @param data where form submissions (and script bodies being spooled) are kept
 */
public record Directories(Path root, Path uploads, Path data) {

  /** The uploads directory when none is given: {@code ROOT/downloads}. */
  public static final String DEFAULT_UPLOADS = "downloads";

  public Directories {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(data, "data");
  }

  /** The site at {@code root}, uploads in {@code ROOT/downloads}, records in {@code data}. */
  public static Directories of(Path root, Path data) {
    return new Directories(root, root.resolve(DEFAULT_UPLOADS), data);
  }

  /** These directories with uploads going to {@code directory}. */
  public Directories withUploads(Path directory) {
    return new Directories(root, directory, data);
  }
}
