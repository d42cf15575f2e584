package dev.mtserver.http.site.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /healthz and /metrics in front of the site. */
class AdminEndpointsTest {

  private static final HttpHandler SITE =
      request -> HttpResponse.text(200, "site " + request.path());

  private boolean draining;
  private final ConnectionStatsSource server =
      new ConnectionStatsSource() {
        @Override
        public ConnectionStats connectionStats() {
          return ConnectionStats.NONE;
        }

        @Override
        public boolean draining() {
          return draining;
        }
      };
  private final MetricsPage page = new MetricsPage(new ServerMetrics(), server, "test");

  private static HttpRequest request(String method, String target) {
    try {
      return new HttpRequest(
          new RequestHead(method, target, HttpVersion.HTTP_1_1, new HttpFields().add("Host", "a")),
          RequestTargetParser.parse(method, target),
          new BodyFraming.None(),
          InputStream.nullInputStream(),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
    } catch (HttpProtocolException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String text(HttpResponse response) {
    return new String(((ResponseBody.Bytes) response.body()).content(), StandardCharsets.UTF_8);
  }

  @Test
  void healthz_is_200_ok_while_serving_and_503_while_draining() throws IOException {
    AdminEndpoints endpoints = new AdminEndpoints(SITE, server, true, Optional.of(page));

    HttpResponse serving = endpoints.handle(request("GET", "/healthz"));
    draining = true;
    HttpResponse stopping = endpoints.handle(request("GET", "/healthz"));

    assertThat(serving.status()).isEqualTo(200);
    assertThat(text(serving)).isEqualTo("ok\n");
    assertThat(stopping.status()).isEqualTo(503);
    assertThat(text(stopping)).isEqualTo("draining\n");
    assertThat(serving.headers().first("Cache-Control")).contains("no-store");
  }

  @Test
  void healthz_asks_the_remote_stores_and_is_503_when_one_does_not_answer() throws IOException {
    var answers =
        new java.util.ArrayList<>(
            java.util.List.of(
                new StoreHealth.Status("object store s3://site/www/", true, "reachable"),
                new StoreHealth.Status("database postgresql://db/x as u", true, "reachable")));
    AdminEndpoints endpoints =
        new AdminEndpoints(SITE, server, true, Optional.empty(), () -> answers);

    HttpResponse healthy = endpoints.handle(request("GET", "/healthz"));
    answers.set(1, new StoreHealth.Status("database postgresql://db/x as u", false, "refused"));
    HttpResponse cutOff = endpoints.handle(request("GET", "/healthz"));
    HttpResponse live = endpoints.handle(request("GET", "/healthz?live"));
    draining = true;
    HttpResponse stopping = endpoints.handle(request("GET", "/healthz"));

    assertThat(healthy.status()).isEqualTo(200);
    assertThat(text(healthy))
        .isEqualTo(
            "ok\nobject store s3://site/www/: reachable\n"
                + "database postgresql://db/x as u: reachable\n");
    assertThat(cutOff.status()).isEqualTo(503);
    assertThat(cutOff.headers().first("Retry-After")).contains("5");
    assertThat(text(cutOff))
        .isEqualTo(
            "unavailable\nobject store s3://site/www/: reachable\n"
                + "database postgresql://db/x as u: refused\n");
    assertThat(live.status()).isEqualTo(200); // liveness never asks the stores
    assertThat(text(live)).isEqualTo("ok\n");
    assertThat(stopping.status()).isEqualTo(503);
    assertThat(text(stopping)).isEqualTo("draining\n");
  }

  @Test
  void metrics_answers_in_the_prometheus_text_format() throws IOException {
    HttpResponse response =
        new AdminEndpoints(SITE, server, true, Optional.of(page))
            .handle(request("GET", "/metrics?x=1"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().first("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(ExpositionFormat.parse(text(response))).containsKey("mtserver_connections_active");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/healthz", "/metrics"})
  void head_is_answered_like_get(String path) throws IOException {
    HttpResponse response =
        new AdminEndpoints(SITE, server, true, Optional.of(page)).handle(request("HEAD", path));

    assertThat(response.status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE"})
  void other_methods_are_405_with_allow(String method) throws IOException {
    HttpResponse response =
        new AdminEndpoints(SITE, server, true, Optional.of(page))
            .handle(request(method, "/healthz"));

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.headers().first("Allow")).contains("GET, HEAD, OPTIONS");
  }

  @Test
  void options_lists_what_is_allowed() throws IOException {
    HttpResponse response =
        new AdminEndpoints(SITE, server, true, Optional.of(page))
            .handle(request("OPTIONS", "/metrics"));

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.headers().first("Allow")).contains("GET, HEAD, OPTIONS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/healthz/", "/healthz.html", "/metrics/x", "/a/healthz"})
  void every_other_path_goes_to_the_site(String path) throws IOException {
    HttpResponse response =
        new AdminEndpoints(SITE, server, true, Optional.of(page)).handle(request("GET", path));

    assertThat(text(response)).startsWith("site ");
  }

  @Test
  void endpoints_turned_off_leave_their_paths_to_the_site() throws IOException {
    AdminEndpoints off = new AdminEndpoints(SITE, server, false, Optional.empty());

    assertThat(text(off.handle(request("GET", "/healthz")))).isEqualTo("site /healthz");
    assertThat(text(off.handle(request("GET", "/metrics")))).isEqualTo("site /metrics");
  }
}
