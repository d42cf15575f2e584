package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.ECHO;
import static dev.mtserver.http.engine.Loop.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the connection loop tells its {@link ExchangeListener}: one report per exchange. */
class ExchangeReportTest {

  private final List<CompletedExchange> reports = new CopyOnWriteArrayList<>();

  private List<RawResponse> serve(HttpHandler handler, ScriptedConnection connection) {
    return serve(handler, HttpLimits.defaults(), connection);
  }

  private List<RawResponse> serve(
      HttpHandler handler, HttpLimits limits, ScriptedConnection connection) {
    run(handler, limits, connection);
    return RawResponse.parseAll(connection.outputBytes());
  }

  private void run(HttpHandler handler, HttpLimits limits, ScriptedConnection connection) {
    try {
      new Http1ConnectionHandler(handler, limits, "MTServer/test", reports::add).serve(connection);
    } catch (IOException e) {
      // a client that went away mid-head: the report was made before the failure propagated
    }
  }

  @Test
  void a_served_request_is_reported_with_its_line_status_body_bytes_referer_and_user_agent() {
    serve(
        request -> HttpResponse.text(200, "hello"),
        ScriptedConnection.of(
            "GET /a?b=c HTTP/1.1\r\n"
                + "Host: a\r\n"
                + "Referer: http://r/\r\n"
                + "User-Agent: tester/1\r\n\r\n"));

    assertThat(reports)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.parsed()).isTrue();
              assertThat(e.method()).isEqualTo("GET");
              assertThat(e.target()).isEqualTo("/a?b=c");
              assertThat(e.version()).isEqualTo(HttpVersion.HTTP_1_1);
              assertThat(e.status()).isEqualTo(200);
              assertThat(e.bodyBytesSent()).isEqualTo(5);
              assertThat(e.referer()).isEqualTo("http://r/");
              assertThat(e.userAgent()).isEqualTo("tester/1");
              assertThat(e.remoteAddress().getPort()).isEqualTo(50123);
              assertThat(e.durationNanos()).isNotNegative();
              assertThat(e.endEpochMillis())
                  .isCloseTo(
                      System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
            });
  }

  @Test
  void pipelined_requests_are_reported_once_each_in_order() {
    serve(ECHO, ScriptedConnection.of(get("/1") + get("/2") + get("/3")));

    assertThat(reports).extracting(CompletedExchange::target).containsExactly("/1", "/2", "/3");
    assertThat(reports).extracting(CompletedExchange::status).containsOnly(200);
  }

  @Test
  void a_missing_referer_or_user_agent_is_null() {
    serve(ECHO, ScriptedConnection.of(get("/")));

    assertThat(reports)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.referer()).isNull();
              assertThat(e.userAgent()).isNull();
            });
  }

  @Test
  void head_requests_report_no_body_bytes() {
    run(
        request -> HttpResponse.text(200, "hello"),
        HttpLimits.defaults(),
        ScriptedConnection.of("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n"));

    assertThat(reports)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(200);
              assertThat(e.bodyBytesSent()).isZero();
            });
  }

  @Test
  void a_malformed_request_line_is_reported_with_what_was_read_of_it() {
    List<RawResponse> responses =
        serve(ECHO, ScriptedConnection.of("GET /a b c\r\nHost: a\r\n\r\n"));

    assertThat(responses).singleElement().extracting(RawResponse::status).isEqualTo(400);
    assertThat(reports)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.parsed()).isFalse();
              assertThat(e.target()).isEqualTo("GET /a b c");
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.bodyBytesSent()).isEqualTo(responses.get(0).body().length);
            });
  }

  @Test
  void a_header_block_too_large_is_reported_with_the_request_line_only() {
    HttpLimits small = new HttpLimits(8192, 64, 128, 100, 4096, 8192, 65536);
    String bigHeader = "X-Big: " + "x".repeat(200) + "\r\n";

    serve(
        ECHO,
        small,
        ScriptedConnection.of("GET /big HTTP/1.1\r\nHost: a\r\n" + bigHeader + "\r\n"));

    assertThat(reports)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(431);
              assertThat(e.target()).isEqualTo("GET /big HTTP/1.1");
            });
  }

  @Test
  void a_head_that_times_out_is_reported_as_408_with_the_part_that_arrived() {
    serve(ECHO, ScriptedConnection.of("GET /slow HT").thenTimeout());

    assertThat(reports)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(408);
              assertThat(e.target()).isEqualTo("GET /slow HT");
            });
  }

  @Test
  void control_bytes_of_a_broken_request_line_never_reach_the_report() {
    serve(ECHO, ScriptedConnection.of("GET /x\u0000y HTTP/1.1\r\n\r\n"));

    assertThat(reports)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.target()).isEqualTo("GET /x");
            });
  }

  @Test
  void a_client_that_leaves_during_the_body_is_reported_as_499_with_nothing_sent() {
    serve(
        ECHO,
        ScriptedConnection.of("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"));

    assertThat(reports)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.method()).isEqualTo("POST");
              assertThat(e.status()).isEqualTo(CompletedExchange.CLIENT_CLOSED);
              assertThat(e.bodyBytesSent()).isZero();
            });
  }

  @Test
  void a_connection_closed_between_requests_is_not_an_exchange() {
    serve(ECHO, ScriptedConnection.of(get("/only")));

    assertThat(reports).hasSize(1);
  }

  @Test
  void a_handler_failure_is_reported_as_the_500_that_was_sent() {
    serve(
        request -> {
          throw new IllegalStateException("bug");
        },
        ScriptedConnection.of(get("/boom")));

    assertThat(reports).singleElement().extracting(CompletedExchange::status).isEqualTo(500);
  }

  @Test
  void a_chunked_body_counts_its_framing_as_nginx_does() {
    HttpHandler streamed =
        request ->
            new HttpResponse(
                200,
                new dev.mtserver.http.codec.HttpFields(),
                new ResponseBody.Streamed(
                    -1,
                    out ->
                        out.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));

    serve(streamed, ScriptedConnection.of(get("/s")));

    // "5\r\nhello\r\n" + "0\r\n\r\n"
    assertThat(reports).singleElement().extracting(CompletedExchange::bodyBytesSent).isEqualTo(15L);
  }

  @Test
  void without_a_byte_count_from_the_transport_a_completed_body_counts_whole() {
    serve(
        request -> HttpResponse.text(200, "twelve bytes"),
        ScriptedConnection.of(get("/")).withoutByteCount());

    assertThat(reports).singleElement().extracting(CompletedExchange::bodyBytesSent).isEqualTo(12L);
  }

  @Test
  void a_listener_that_throws_does_not_stop_the_connection() {
    List<RawResponse> responses;
    try {
      ScriptedConnection connection = ScriptedConnection.of(get("/1") + get("/2"));
      new Http1ConnectionHandler(
              ECHO,
              HttpLimits.defaults(),
              "MTServer/test",
              exchange -> {
                throw new IllegalStateException("broken listener");
              })
          .serve(connection);
      responses = RawResponse.parseAll(connection.outputBytes());
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThat(responses).extracting(RawResponse::status).containsExactly(200, 200);
  }

  @Test
  void listeners_combined_are_all_told_even_when_one_throws() {
    List<String> heard = new CopyOnWriteArrayList<>();
    ExchangeListener both =
        ExchangeListener.all(
            List.of(
                exchange -> {
                  heard.add("first");
                  throw new IllegalStateException("first fails");
                },
                exchange -> heard.add("second")));

    try {
      both.completed(null);
    } catch (IllegalStateException expected) {
      heard.add("rethrown");
    }

    assertThat(heard).containsExactly("first", "second", "rethrown");
  }
}
