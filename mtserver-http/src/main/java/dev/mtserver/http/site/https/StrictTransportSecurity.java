package dev.mtserver.http.site.https;

import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Adds {@code Strict-Transport-Security: max-age=N} (RFC 6797) to every response of the handler it
 * wraps. The application wraps only the HTTPS listener's site with it: a browser ignores the field
 * over plain HTTP (RFC 6797 §8.1), and the redirect listener must not pretend otherwise. No {@code
 * includeSubDomains} or {@code preload}: those bind other hosts, which only their operator may
 * promise.
 */
public final class StrictTransportSecurity implements HttpHandler {

  private final HttpHandler site;
  private final String value;

  public StrictTransportSecurity(HttpHandler site, Duration maxAge) {
    this.site = Objects.requireNonNull(site, "site");
    this.value = "max-age=" + maxAge.toSeconds();
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    HttpResponse response = site.handle(request);
    response.headers().set("Strict-Transport-Security", value);
    return response;
  }
}
