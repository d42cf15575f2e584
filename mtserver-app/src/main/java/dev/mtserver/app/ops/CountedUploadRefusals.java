package dev.mtserver.app.ops;

import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.site.admin.ServerMetrics;
import java.io.IOException;
import java.util.Objects;

/**
 * Counts the upload requests that stored nothing: answered with an error status (413, 507, 400,
 * 404...), or cut off (the client went away, stalled, or broke the framing).
 */
public final class CountedUploadRefusals implements HttpHandler {

  private final HttpHandler uploads;
  private final ServerMetrics metrics;

  public CountedUploadRefusals(HttpHandler uploads, ServerMetrics metrics) {
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    HttpResponse response;
    try {
      response = uploads.handle(request);
    } catch (IOException | RuntimeException e) {
      metrics.uploadRefused();
      throw e;
    }
    if (response.status() >= 400) {
      metrics.uploadRefused();
    }
    return response;
  }
}
