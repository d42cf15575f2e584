package dev.mtserver.http.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.site.admin.ShedLoad;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A connection the transport shed because every worker was busy ({@link
 * Http1ConnectionHandler#serveOverloaded}): one request, answered by the handler for overload — the
 * health check as usual, anything else 503 with the transport's {@code Retry-After} — and then the
 * close.
 */
class ShedConnectionTest {

  private static final HttpHandler HEALTH_OR_SHED =
      request ->
          request.path().toString().equals("/healthz")
              ? HttpResponse.text(200, "ok\n")
              : new ShedLoad().handle(request);

  private static Http1ConnectionHandler engine(MemoryBudget memory, HttpHandler site) {
    return new Http1ConnectionHandler(
        site,
        HttpLimits.defaults(),
        "MTServer/test",
        ExchangeListener.NONE,
        memory,
        HEALTH_OR_SHED);
  }

  @Test
  void a_shed_connection_gets_its_health_check_answered_and_nothing_more() throws IOException {
    ScriptedConnection connection =
        ScriptedConnection.of(Loop.get("/healthz") + Loop.get("/healthz"));

    boolean answered =
        engine(MemoryBudget.unbounded(), Loop.ECHO)
            .serveOverloaded(connection, Duration.ofSeconds(2));

    assertThat(answered).isTrue();
    assertThat(RawResponse.parseAll(connection.outputBytes()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(200);
              assertThat(r.header("Connection")).contains("close");
            });
  }

  @Test
  void a_shed_connection_asking_for_anything_else_gets_503_with_the_transports_retry_after()
      throws IOException {
    ScriptedConnection connection = ScriptedConnection.of(Loop.post("/upload", "x".repeat(100)));

    engine(MemoryBudget.unbounded(), Loop.ECHO)
        .serveOverloaded(connection, Duration.ofMillis(1500));

    assertThat(RawResponse.parseAll(connection.outputBytes()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.header("Retry-After")).contains("2");
              assertThat(r.header("Connection")).contains("close");
            });
    assertThat(connection.lingerAsked()).as("its body was never read").isTrue();
  }
}
