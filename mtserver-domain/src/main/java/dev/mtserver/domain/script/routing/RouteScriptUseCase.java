package dev.mtserver.domain.script.routing;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptTarget;
import java.io.IOException;
import java.util.Optional;

/**
 * Inbound port: which script, if any, answers a request for a path of the site — the routing a PHP
 * application needs (ADR 0041): a path through a {@code .php} file with extra path information, a
 * directory's {@code index.php}, and a front controller for paths that name nothing.
 */
public interface RouteScriptUseCase {

  /**
   * The script that answers {@code path}, and the {@code PATH_INFO} it gets; empty when the path is
   * the static content's (a file, a directory, or nothing at all without a front controller).
   *
   * @throws dev.mtserver.domain.store.StoreUnavailableException when the site's store cannot answer
   *     now
   */
  Optional<ScriptTarget> route(SitePath path) throws IOException;
}
