package dev.mtserver.domain.script;

import com.google.common.base.Ascii;
import dev.mtserver.domain.path.SitePath;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which part of a request path names a script, and what follows it.
 *
 * <p>The script is the path up to and including the first segment that ends in {@code .php} (in any
 * case: {@code .PHP} is a script too, so its source is never served as a file); the rest is the
 * extra path information a script may use for its own routing, as CGI's {@code PATH_INFO}: {@code
 * /app.php/users/7} runs {@code /app.php} with {@code /users/7}. The extra part is only passed on
 * as text, never resolved to a file.
 *
 * @param script the script's path in the site, in file form ({@code /app.php})
 * @param pathInfo what followed it, decoded, starting with {@code /}; empty when nothing did
 */
public record ScriptTarget(SitePath script, String pathInfo) {

  /** The extension that marks a script, compared without regard to case. */
  public static final String EXTENSION = "php";

  private static final String SUFFIX = "." + EXTENSION;

  public ScriptTarget {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(pathInfo, "pathInfo");
  }

  /** The script {@code path} asks for, if any of its segments names one. */
  public static Optional<ScriptTarget> find(SitePath path) {
    List<String> segments = path.segments();
    for (int i = 0; i < segments.size(); i++) {
      if (isScriptName(segments.get(i))) {
        SitePath script = SitePath.of(segments.subList(0, i + 1), false);
        return Optional.of(
            new ScriptTarget(script, pathInfo(segments, i + 1, path.isDirectoryForm())));
      }
    }
    return Optional.empty();
  }

  /** True when the last segment of {@code path} names a script, such as {@code /a/b.php}. */
  public static boolean isScript(SitePath path) {
    return !path.isRoot() && isScriptName(path.fileName());
  }

  /** {@code x.php}, {@code X.PHP}; not {@code .php} alone (a hidden name, never served). */
  private static boolean isScriptName(String segment) {
    return segment.length() > SUFFIX.length()
        && Ascii.toLowerCase(segment.substring(segment.length() - SUFFIX.length())).equals(SUFFIX);
  }

  private static String pathInfo(List<String> segments, int from, boolean trailingSlash) {
    StringBuilder info = new StringBuilder();
    for (int i = from; i < segments.size(); i++) {
      info.append('/').append(segments.get(i));
    }
    if (trailingSlash) {
      info.append('/');
    }
    return info.toString();
  }
}
