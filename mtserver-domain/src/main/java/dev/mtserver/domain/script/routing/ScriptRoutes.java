package dev.mtserver.domain.script.routing;

import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Implements {@link RouteScriptUseCase} as nginx with {@code index index.html index.php}, {@code
 * fastcgi_split_path_info} and {@code try_files $uri $uri/ /index.php?$args} routes a PHP
 * application (ADR 0041), in this order:
 *
 * <ol>
 *   <li><b>A path through a script</b> ({@code /wiki/doku.php/start}): the first segment that ends
 *       in {@code .php} is the script, the rest its {@code PATH_INFO} ({@link ScriptTarget#find}).
 *       Whether that script exists is the script use case's question (404 if not): the extra path
 *       is never looked up, and a file not ending in {@code .php} is never run, so {@code
 *       /downloads/evil.jpg/x.php} runs nothing.
 *   <li><b>A directory's index</b> ({@code /} or {@code /wiki/}, in directory form): its {@code
 *       index.php} when it has no {@code index.html} and one is a file — never in the upload area,
 *       where nothing runs.
 *   <li><b>The front controller</b>, when one is configured: a path that names no file and no
 *       directory of the site (or a hidden or contained-out one, which the store reports the same
 *       way) runs it with no {@code PATH_INFO}; the request's own URI stays what the script sees as
 *       {@code REQUEST_URI}.
 * </ol>
 *
 * <p>Anything else is the static content's. Costs: no look-up for a file path without a front
 * controller; one for a directory path or, with a front controller, for any path that is not a
 * script's; two more for a directory without {@code index.html}.
 */
public final class ScriptRoutes implements RouteScriptUseCase {

  /** The page a directory runs when it has no {@code index.html}. */
  public static final String INDEX_SCRIPT = "index.php";

  private static final String INDEX_PAGE = "index.html";

  private final LoadResourcePort site;
  private final UploadArea uploads;
  private final Optional<SitePath> frontController;

  /**
   * @param site the store the static content comes from, asked what a path names
   * @param uploads where nothing is run: no directory there has an index script
   * @param frontController the script for paths that name nothing, if any; a {@code .php} file path
   */
  public ScriptRoutes(
      LoadResourcePort site, UploadArea uploads, Optional<SitePath> frontController) {
    this.site = Objects.requireNonNull(site, "site");
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.frontController = Objects.requireNonNull(frontController, "frontController");
    frontController.ifPresent(
        script -> {
          if (script.isDirectoryForm() || !ScriptTarget.isScript(script)) {
            throw new IllegalArgumentException(
                "the front controller must be a .php file: " + script);
          }
        });
  }

  @Override
  public Optional<ScriptTarget> route(SitePath path) throws IOException {
    Optional<ScriptTarget> named = ScriptTarget.find(path);
    if (named.isPresent()) {
      return named;
    }
    if (!path.isDirectoryForm() && frontController.isEmpty()) {
      return Optional.empty(); // a file path: static, and nothing to look up
    }
    Optional<SiteEntry> entry = site.find(path);
    if (entry.isEmpty()) {
      return frontController.map(script -> new ScriptTarget(script, ""));
    }
    if (entry.get() instanceof SiteEntry.Directory directory && path.isDirectoryForm()) {
      return indexScript(directory.path());
    }
    return Optional.empty();
  }

  private Optional<ScriptTarget> indexScript(SitePath directory) throws IOException {
    if (uploads.contains(directory) || isFile(directory.child(INDEX_PAGE))) {
      return Optional.empty();
    }
    SitePath index = directory.child(INDEX_SCRIPT);
    return isFile(index) ? Optional.of(new ScriptTarget(index, "")) : Optional.empty();
  }

  private boolean isFile(SitePath path) throws IOException {
    return site.find(path).orElse(null) instanceof SiteEntry.File;
  }
}
