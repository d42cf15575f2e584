package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;

/**
 * Inbound port: what goes into a download of a whole folder ({@code GET /photos/?archive=zip}). The
 * answer lists the files and checks the bounds; the HTTP layer streams them in the archive format
 * asked for.
 */
public interface ArchiveFolderUseCase {

  /** What an archive of the folder at {@code path} would hold, or why there is none. */
  FolderArchive plan(SitePath path) throws IOException;
}
