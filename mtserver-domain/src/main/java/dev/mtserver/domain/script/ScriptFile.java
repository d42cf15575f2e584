package dev.mtserver.domain.script;

import dev.mtserver.domain.path.SitePath;
import java.util.Objects;

/**
 * A script found inside the site, as {@link LocateScriptPort} reports it.
 *
 * @param path where it lives in the site, such as {@code /app.php}
 * @param location where the store keeps it, for the runner to interpret: opaque to the domain
 */
public record ScriptFile(SitePath path, ScriptLocation location) {

  public ScriptFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(location, "location");
  }
}
