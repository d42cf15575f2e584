package dev.mtserver.http.server;

import java.io.IOException;

/** Answers one request. Implementations are shared by all worker threads and must be thread-safe. */
@FunctionalInterface
public interface HttpHandler {

  HttpResponse handle(HttpRequest request) throws IOException;
}
