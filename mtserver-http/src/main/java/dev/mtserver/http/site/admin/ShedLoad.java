package dev.mtserver.http.site.admin;

import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.Http1ConnectionHandler;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;

/**
 * What a server that has no worker to spare answers: {@code 503 Service Unavailable}, without
 * reading the request's body. {@link Http1ConnectionHandler#serveOverloaded} uses it behind the
 * endpoints that must stay reachable under overload (health, metrics), and adds the transport's
 * {@code Retry-After}.
 */
public final class ShedLoad implements HttpHandler {

  static final String REASON = "Every worker is busy; try again shortly";

  @Override
  public HttpResponse handle(HttpRequest request) {
    HttpResponse response = ErrorResponses.of(503, REASON);
    response.headers().set("Connection", "close");
    return response;
  }
}
