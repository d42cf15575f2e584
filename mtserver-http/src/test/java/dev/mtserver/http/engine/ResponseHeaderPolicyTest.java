package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The listener's fields reach every response, the engine's own included: that is what makes {@code
 * --hsts} hold for a malformed request or a timeout as much as for a page (ADR 0039).
 */
class ResponseHeaderPolicyTest {

  private static final ResponseHeaderPolicy HSTS =
      ResponseHeaderPolicy.NONE.with("Strict-Transport-Security", "max-age=60");

  private static List<RawResponse> serve(
      HttpHandler handler, HttpLimits limits, ScriptedConnection connection) throws IOException {
    new Http1ConnectionHandler(
            handler,
            limits,
            "MTServer/test",
            ExchangeListener.NONE,
            MemoryBudget.unbounded(),
            request -> HttpResponse.text(503, "busy"),
            HSTS)
        .serve(connection);
    return RawResponse.parseAll(connection.outputBytes());
  }

  private static String hsts(RawResponse response) {
    return response.header("Strict-Transport-Security").orElse("(none)");
  }

  @Test
  void a_page_carries_the_field_and_a_handler_cannot_take_it_back() throws IOException {
    HttpHandler page =
        request -> {
          HttpResponse response = HttpResponse.text(200, "page");
          response.headers().set("Strict-Transport-Security", "max-age=0");
          return response;
        };
    RawResponse response =
        serve(page, HttpLimits.defaults(), ScriptedConnection.of(get("/"))).get(0);
    assertThat(response.status()).isEqualTo(200);
    assertThat(hsts(response)).isEqualTo("max-age=60");
  }

  @Test
  void the_engines_own_error_responses_carry_it() throws IOException {
    HttpHandler page = request -> HttpResponse.text(200, "page");
    HttpHandler failing =
        request -> {
          throw new IllegalStateException("a bug");
        };
    List<RawResponse> errors =
        List.of(
            serve(page, HttpLimits.defaults(), ScriptedConnection.of("GET / HTTP/1.1\r\n\r\n"))
                .get(0), // no Host: 400
            serve(page, HttpLimits.defaults(), ScriptedConnection.of("BAD\r\n\r\n")).get(0),
            serve(page, HttpLimits.defaults(), ScriptedConnection.of("GET / HT").thenTimeout())
                .get(0), // 408
            serve(
                    page,
                    HttpLimits.defaults(),
                    ScriptedConnection.of(
                        "GET / HTTP/1.1\r\nHost: a\r\nX: " + "x".repeat(9000) + "\r\n\r\n"))
                .get(0), // a field line over 8 KiB: 431
            serve(failing, HttpLimits.defaults(), ScriptedConnection.of(get("/"))).get(0));
    assertThat(errors).extracting(RawResponse::status).containsExactly(400, 400, 408, 431, 500);
    assertThat(errors).allSatisfy(error -> assertThat(hsts(error)).isEqualTo("max-age=60"));
  }

  @Test
  void a_connection_shed_under_overload_gets_it_with_its_503() throws IOException {
    ScriptedConnection connection = ScriptedConnection.of(get("/"));
    new Http1ConnectionHandler(
            request -> HttpResponse.text(200, "never"),
            HttpLimits.defaults(),
            "MTServer/test",
            ExchangeListener.NONE,
            MemoryBudget.unbounded(),
            request -> HttpResponse.text(503, "busy"),
            HSTS)
        .serveOverloaded(connection, Duration.ofSeconds(2));
    RawResponse response = RawResponse.parseAll(connection.outputBytes()).get(0);
    assertThat(response.status()).isEqualTo(503);
    assertThat(hsts(response)).isEqualTo("max-age=60");
  }
}
