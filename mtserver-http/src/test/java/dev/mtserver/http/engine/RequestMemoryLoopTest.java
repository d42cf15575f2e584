package dev.mtserver.http.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connection loop's way of saying "not now" to a request the request-memory budget cannot take
 * in.
 */
class RequestMemoryLoopTest {

  /** Three fields of 7,000 bytes: within every head limit, twenty times a head's first kilobyte. */
  private static final String BIG_FIELDS =
      "Cookie: "
          + "c".repeat(7000)
          + "\r\nX-A: "
          + "a".repeat(7000)
          + "\r\nX-B: "
          + "b".repeat(7000)
          + "\r\n";

  private static Http1ConnectionHandler engine(MemoryBudget memory, HttpHandler site) {
    return new Http1ConnectionHandler(
        site, HttpLimits.defaults(), "MTServer/test", ExchangeListener.NONE, memory);
  }

  @Test
  void
      a_head_that_outgrows_the_request_memory_budget_is_503_with_retry_after_and_the_budget_comes_back()
          throws IOException {
    MemoryBudget budget = MemoryBudget.of(4096);
    ScriptedConnection connection =
        ScriptedConnection.of("GET / HTTP/1.1\r\nHost: a\r\n" + BIG_FIELDS + "\r\n");

    engine(budget, Loop.ECHO).serve(connection);

    List<RawResponse> responses = RawResponse.parseAll(connection.outputBytes());
    assertThat(responses)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.header("Retry-After")).contains("1");
              assertThat(r.header("Connection")).contains("close");
            });
    assertThat(connection.lingerAsked()).isTrue();
    assertThat(budget.inUse()).isZero();
    assertThat(budget.refusals()).isEqualTo(1);
  }

  @Test
  void a_head_that_fits_grows_and_gives_its_growth_back_when_the_connection_ends()
      throws IOException {
    MemoryBudget budget = MemoryBudget.of(1 << 20);
    ScriptedConnection connection =
        ScriptedConnection.of(
            "GET / HTTP/1.1\r\nHost: a\r\n" + BIG_FIELDS + "\r\n" + Loop.get("/next"));

    engine(budget, Loop.ECHO).serve(connection);

    assertThat(RawResponse.parseAll(connection.outputBytes()))
        .extracting(RawResponse::status)
        .containsExactly(200, 200);
    assertThat(budget.inUse()).isZero();
  }

  @Test
  void a_handler_that_runs_out_of_request_memory_gets_its_request_a_503_not_a_500()
      throws IOException {
    MemoryBudget tiny = MemoryBudget.of(1);
    HttpHandler greedy =
        request -> {
          try (var lease = tiny.lease()) {
            lease.reserve(2);
          }
          return HttpResponse.text(200, "unreachable");
        };
    ScriptedConnection connection =
        ScriptedConnection.of(Loop.post("/form", "a=1") + Loop.get("/next"));

    engine(MemoryBudget.unbounded(), greedy).serve(connection);

    assertThat(RawResponse.parseAll(connection.outputBytes()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.header("Retry-After")).contains("1");
            });
  }
}
