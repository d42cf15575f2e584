package dev.mtserver.domain.script;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.Optional;

/**
 * Outbound port: finds the file behind a script's path.
 *
 * <p>Implementations apply the store's one containment rule, and more: the result is a regular
 * file whose real location (symbolic links followed) lies inside the site and outside the uploads
 * directory. A directory, a missing or hidden file, or anything that leaves the site is empty.
 */
public interface LocateScriptPort {

  Optional<ScriptFile> locate(SitePath script) throws IOException;
}
