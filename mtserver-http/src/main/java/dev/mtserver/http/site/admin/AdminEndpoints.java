package dev.mtserver.http.site.admin;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /healthz} and {@code /metrics} in front of the site. Each can be turned off; then, and for
 * every other path, the request goes on to the site. When on, an endpoint wins over a file of the
 * same name in the site root (the application warns about such a file at start).
 *
 * <ul>
 *   <li>{@code GET /healthz}: {@code 200 ok} while the server accepts requests, {@code 503
 *       draining} once a graceful shutdown has begun, so a load balancer takes it out of rotation.
 *       When the server depends on stores outside this host ({@link StoreHealth}), it also asks
 *       them: one line each after {@code ok}, and {@code 503 unavailable} when one does not answer,
 *       so that an instance cut off from the shared bucket or database leaves the rotation too.
 *       {@code GET /healthz?live} is always the cheap answer alone (liveness: the process serves).
 *   <li>{@code GET /metrics}: the {@link MetricsPage} in the Prometheus text format 0.0.4.
 * </ul>
 *
 * Both answer HEAD too, OPTIONS with 204, any other method with 405; both are {@code no-store}. The
 * query string is ignored.
 */
public final class AdminEndpoints implements HttpHandler {

  public static final SitePath HEALTH = SitePath.parse("/healthz");
  public static final SitePath METRICS = SitePath.parse("/metrics");

  static final String ALLOW = "GET, HEAD, OPTIONS";
  private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DRAINING = "draining\n".getBytes(StandardCharsets.US_ASCII);
  private static final String LIVENESS_QUERY = "live";

  private final HttpHandler site;
  private final ConnectionStatsSource server;
  private final boolean health;
  private final Optional<MetricsPage> metrics;
  private final StoreHealth stores;

  /**
   * As {@link #AdminEndpoints(HttpHandler, ConnectionStatsSource, boolean, Optional, StoreHealth)}
   * with no store to ask.
   */
  public AdminEndpoints(
      HttpHandler site,
      ConnectionStatsSource server,
      boolean health,
      Optional<MetricsPage> metrics) {
    this(site, server, health, metrics, StoreHealth.NONE);
  }

  /**
   * @param site answers every other request
   * @param server tells whether the server is draining
   * @param health whether {@code /healthz} is answered here
   * @param metrics the page {@code /metrics} answers with; empty leaves the path to the site
   * @param stores the stores outside this host that {@code /healthz} asks ({@link StoreHealth#NONE}
   *     for none)
   */
  public AdminEndpoints(
      HttpHandler site,
      ConnectionStatsSource server,
      boolean health,
      Optional<MetricsPage> metrics,
      StoreHealth stores) {
    this.site = Objects.requireNonNull(site, "site");
    this.server = Objects.requireNonNull(server, "server");
    this.health = health;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.stores = Objects.requireNonNull(stores, "stores");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    SitePath path = request.path();
    if (health && path.equals(HEALTH)) {
      return answer(
          request,
          () ->
              server.draining()
                  ? response(503, "text/plain; charset=utf-8", DRAINING)
                  : request.rawQuery().filter(LIVENESS_QUERY::equals).isPresent()
                      ? response(200, "text/plain; charset=utf-8", OK)
                      : withStores());
    }
    if (metrics.isPresent() && path.equals(METRICS)) {
      MetricsPage page = metrics.get();
      return answer(
          request, () -> response(200, PrometheusText.CONTENT_TYPE, page.render().toBytes()));
    }
    return site.handle(request);
  }

  /** {@code ok} and a line per store, or {@code unavailable} (503) when one does not answer. */
  private HttpResponse withStores() {
    List<StoreHealth.Status> statuses = stores.check();
    if (statuses.isEmpty()) {
      return response(200, "text/plain; charset=utf-8", OK);
    }
    boolean allReachable = statuses.stream().allMatch(StoreHealth.Status::reachable);
    StringBuilder body = new StringBuilder(allReachable ? "ok\n" : "unavailable\n");
    for (StoreHealth.Status status : statuses) {
      body.append(status.store()).append(": ").append(status.detail()).append('\n');
    }
    HttpResponse response =
        response(
            allReachable ? 200 : 503,
            "text/plain; charset=utf-8",
            body.toString().getBytes(StandardCharsets.UTF_8));
    if (!allReachable) {
      response.headers().set("Retry-After", "5");
    }
    return response;
  }

  private static HttpResponse answer(
      HttpRequest request, java.util.function.Supplier<HttpResponse> get) {
    return switch (request.method()) {
      case "GET", "HEAD" -> get.get();
      case "OPTIONS" -> {
        HttpResponse response = HttpResponse.empty(204);
        response.headers().set("Allow", ALLOW);
        yield response;
      }
      default -> {
        HttpResponse response = ErrorResponses.of(405);
        response.headers().set("Allow", ALLOW);
        yield response;
      }
    };
  }

  private static HttpResponse response(int status, String type, byte[] body) {
    HttpFields headers =
        new HttpFields().add("Content-Type", type).add("Cache-Control", "no-store");
    return new HttpResponse(status, headers, new ResponseBody.Bytes(body));
  }
}
