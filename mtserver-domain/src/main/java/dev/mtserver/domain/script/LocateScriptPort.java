package dev.mtserver.domain.script;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.Optional;

/**
 * Outbound port: finds the script behind a path of the site.
 *
 * <p>Implementations apply the store's one containment rule, and more: the result is a regular file
 * whose real location (symbolic links followed) lies inside the site and outside the upload area. A
 * directory, a missing or hidden file, or anything that leaves the site is empty. The {@link
 * ScriptLocation} they return is theirs to make and the runner's to read: the file-system store
 * returns {@link ScriptLocation.Kind#LOCAL_FILE}, the only kind either runner runs.
 *
 * <p>May throw {@link dev.mtserver.domain.store.StoreUnavailableException} when the store cannot
 * answer now; the HTTP layer answers 502 or 504.
 */
public interface LocateScriptPort {

  Optional<ScriptFile> locate(SitePath script) throws IOException;
}
