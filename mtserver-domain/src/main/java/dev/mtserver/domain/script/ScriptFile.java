package dev.mtserver.domain.script;

import dev.mtserver.domain.path.SitePath;
import java.util.Objects;

/**
 * A script found inside the site, as {@link LocateScriptPort} reports it.
 *
 * @param path where it lives in the site, such as {@code /app.php}
 * @param fileName its real, absolute file name in the store (symbolic links resolved), which the
 *     runner hands to the interpreter
 * @param directory the real directory holding it: the script's working directory
 */
public record ScriptFile(SitePath path, String fileName, String directory) {

  public ScriptFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(directory, "directory");
  }
}
