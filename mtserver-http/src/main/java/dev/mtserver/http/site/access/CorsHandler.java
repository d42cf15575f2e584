package dev.mtserver.http.site.access;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSet;
import dev.mtserver.grammar.Tokens;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol), in front of the access guard.
 *
 * <ul>
 *   <li>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       is answered here, never passed on: browsers send it without credentials, so it must not be
 *       subject to authentication. For an allowed origin and method: {@code 204} with the allowed
 *       methods, the requested headers (tokens only), {@code Access-Control-Max-Age} and, for a
 *       listed origin, {@code Access-Control-Allow-Credentials: true}. Otherwise {@code 204}
 *       without them, which the browser treats as a refusal.
 *   <li>Any other request goes on; its answer gets {@code Access-Control-Allow-Origin} (the origin
 *       itself, with credentials allowed, for a listed origin; {@code *} for {@code *}, on reads
 *       only) and the headers scripts may read, only when its {@code Origin} is allowed.
 *   <li>{@code Vary: Origin} on every answer of a listed-origins policy, since the answer depends
 *       on the origin (caches must not hand one origin's answer to another).
 * </ul>
 */
public final class CorsHandler implements HttpHandler {

  /** What a listed origin may do: reads, forms and uploads, and scripts' PUT and DELETE. */
  static final String LISTED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

  /** What any origin may do under {@code *}: read. */
  static final String ANY_ORIGIN_METHODS = "GET, HEAD, OPTIONS";

  private static final ImmutableSet<String> READS = ImmutableSet.of("GET", "HEAD");

  /** Response fields a cross-origin script may read besides the CORS-safelisted ones. */
  static final String EXPOSED =
      "ETag, Location, Content-Disposition, Content-Range, Retry-After, WWW-Authenticate";

  private final CorsPolicy policy;
  private final HttpHandler next;

  public CorsHandler(CorsPolicy policy, HttpHandler next) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    Optional<String> origin = request.headers().first("Origin");
    Optional<String> requestedMethod = request.headers().first("Access-Control-Request-Method");
    if (request.method().equals("OPTIONS") && origin.isPresent() && requestedMethod.isPresent()) {
      return preflight(request, origin.get(), requestedMethod.get().strip());
    }
    HttpResponse response = next.handle(request);
    varyOnOrigin(response);
    if (origin.isPresent() && policy.allows(origin.get())) {
      if (!policy.anyOrigin()) {
        response.headers().set("Access-Control-Allow-Origin", origin.get());
        response.headers().set("Access-Control-Allow-Credentials", "true");
        response.headers().set("Access-Control-Expose-Headers", EXPOSED);
      } else if (READS.contains(request.method())) {
        response.headers().set("Access-Control-Allow-Origin", "*");
        response.headers().set("Access-Control-Expose-Headers", EXPOSED);
      }
    }
    return response;
  }

  private HttpResponse preflight(HttpRequest request, String origin, String method) {
    HttpResponse response = HttpResponse.empty(204);
    varyOnOrigin(response);
    if (!policy.allows(origin) || !allowedMethods().contains(method)) {
      return response; // no CORS fields: the browser refuses the actual request
    }
    response
        .headers()
        .set("Access-Control-Allow-Origin", policy.anyOrigin() ? "*" : origin)
        .set(
            "Access-Control-Allow-Methods",
            policy.anyOrigin() ? ANY_ORIGIN_METHODS : LISTED_METHODS)
        .set("Access-Control-Max-Age", Long.toString(policy.maxAge().toSeconds()));
    if (!policy.anyOrigin()) {
      response.headers().set("Access-Control-Allow-Credentials", "true");
    }
    allowedHeaders(request.headers().first("Access-Control-Request-Headers").orElse(""))
        .ifPresent(headers -> response.headers().set("Access-Control-Allow-Headers", headers));
    return response;
  }

  private ImmutableSet<String> allowedMethods() {
    return ImmutableSet.copyOf(
        Splitter.on(", ").split(policy.anyOrigin() ? ANY_ORIGIN_METHODS : LISTED_METHODS));
  }

  /**
   * The requested headers, when each is a token: any header a listed origin asks for (the access
   * guard still decides), and under {@code *} any but {@code Authorization}.
   */
  private Optional<String> allowedHeaders(String requested) {
    StringBuilder allowed = new StringBuilder();
    for (String name : Splitter.on(',').trimResults().omitEmptyStrings().split(requested)) {
      if (!Tokens.isToken(name)) {
        return Optional.empty();
      }
      if (policy.anyOrigin() && name.toLowerCase(Locale.ROOT).equals("authorization")) {
        continue;
      }
      if (!allowed.isEmpty()) {
        allowed.append(", ");
      }
      allowed.append(name);
    }
    return allowed.isEmpty() ? Optional.empty() : Optional.of(allowed.toString());
  }

  private void varyOnOrigin(HttpResponse response) {
    if (policy.anyOrigin()) {
      return; // the answer is the same for every origin
    }
    if (response.headers().containsToken("Vary", "Origin")
        || response.headers().containsToken("Vary", "*")) {
      return;
    }
    Optional<String> vary = response.headers().first("Vary");
    response.headers().set("Vary", vary.map(v -> v + ", Origin").orElse("Origin"));
  }
}
