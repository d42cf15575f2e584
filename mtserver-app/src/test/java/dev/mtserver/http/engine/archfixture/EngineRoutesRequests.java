package dev.mtserver.http.engine.archfixture;

import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.site.SiteRouter;

/** Deliberately bad: the engine choosing the site's handlers. */
public class EngineRoutesRequests {
  public SiteRouter router(HttpHandler files) {
    return new SiteRouter(files);
  }
}
