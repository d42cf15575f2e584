package dev.mtserver.storage.fs;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.LocateScriptPort;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link LocateScriptPort} over the site's directory, through {@link SiteRoot}'s containment check.
 *
 * <p>A script must be a regular file whose real path (every symbolic link followed) lies inside the
 * root, and outside the real uploads directory: a link inside the site that points at an uploaded
 * file is refused like the uploaded file itself. Refusals look like a missing file. A script found
 * is a {@link ScriptLocation#localFile local file}: its real, absolute file name, which both script
 * runners hand to PHP.
 */
public final class FileSystemScripts implements LocateScriptPort {

  private final SiteRoot root;
  private final Path realUploads;

  /**
   * @param realUploads the uploads directory's real path (as {@code FileSystemUploadStore} keeps
   *     it)
   */
  public FileSystemScripts(SiteRoot root, Path realUploads) {
    this.root = Objects.requireNonNull(root, "root");
    this.realUploads = Objects.requireNonNull(realUploads, "realUploads");
  }

  @Override
  public Optional<ScriptFile> locate(SitePath script) throws IOException {
    // The walk's own attributes (links resolved) say whether it is a regular file: no second stat.
    Optional<SiteRoot.Entry> entry = root.lookup(script);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Path file = entry.get().path();
    if (file.startsWith(realUploads) || !entry.get().isRegularFile()) {
      return Optional.empty();
    }
    return Optional.of(new ScriptFile(script.asFile(), ScriptLocation.localFile(file.toString())));
  }
}
