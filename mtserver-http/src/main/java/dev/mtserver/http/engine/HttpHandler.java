package dev.mtserver.http.engine;

import java.io.IOException;

/**
 * Answers one request. Implementations are shared by all worker threads and must be thread-safe.
 */
@FunctionalInterface
public interface HttpHandler {

  HttpResponse handle(HttpRequest request) throws IOException;
}
