package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.ECHO;
import static dev.mtserver.http.engine.Loop.IGNORE_BODY;
import static dev.mtserver.http.engine.Loop.get;
import static dev.mtserver.http.engine.Loop.post;
import static dev.mtserver.http.engine.Loop.serve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Persistent connections and pipelining (RFC 9112 §9.3), driven by raw byte vectors. */
class KeepAliveLoopTest {

  @Test
  void requests_sent_one_after_another_are_answered_on_the_same_connection() {
    ScriptedConnection connection = ScriptedConnection.of(get("/a")).thenSend(get("/b"));

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses)
        .extracting(RawResponse::bodyText)
        .containsExactly("GET /a body=", "GET /b body=");
    assertThat(responses.get(0).header("Connection")).isEmpty();
  }

  @Test
  void pipelined_requests_in_one_segment_are_answered_in_order() {
    ScriptedConnection connection =
        ScriptedConnection.of(post("/1", "one") + get("/2") + post("/3", "three") + get("/4"));

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses)
        .extracting(RawResponse::bodyText)
        .containsExactly("POST /1 body=one", "GET /2 body=", "POST /3 body=three", "GET /4 body=");
  }

  @Test
  void pipelined_chunked_bodies_end_exactly_where_their_last_chunk_says() {
    String chunked =
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n";
    ScriptedConnection connection = ScriptedConnection.of(chunked + get("/after"));

    assertThat(serve(ECHO, connection))
        .extracting(RawResponse::bodyText)
        .containsExactly("POST /c body=abcde", "GET /after body=");
  }

  @Test
  void connection_close_from_the_client_ends_the_connection_after_its_response() {
    ScriptedConnection connection =
        ScriptedConnection.of(
            "GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" + get("/b"));

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).header("Connection")).contains("close");
  }

  @Test
  void connection_close_is_found_among_other_connection_options() {
    ScriptedConnection connection =
        ScriptedConnection.of(
            "GET /a HTTP/1.1\r\nHost: a\r\nConnection: TE, Close\r\n\r\n" + get("/b"));

    assertThat(serve(ECHO, connection)).hasSize(1);
  }

  @Test
  void connection_close_from_the_handler_ends_the_connection() {
    HttpHandler closing =
        request -> {
          HttpResponse response = HttpResponse.text(200, "bye");
          response.headers().set("Connection", "close");
          return response;
        };

    List<RawResponse> responses = serve(closing, ScriptedConnection.of(get("/a") + get("/b")));

    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).headerValues("Connection")).containsExactly("close");
  }

  @Test
  void http_1_0_closes_after_one_response_by_default() {
    ScriptedConnection connection =
        ScriptedConnection.of("GET /a HTTP/1.0\r\n\r\n" + "GET /b HTTP/1.0\r\n\r\n");

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).version()).isEqualTo("HTTP/1.0");
    assertThat(responses.get(0).header("Connection")).contains("close");
  }

  @Test
  void http_1_0_with_keep_alive_stays_open_and_says_so() {
    String request = "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    ScriptedConnection connection = ScriptedConnection.of(request + request);

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses).hasSize(2);
    assertThat(responses.get(0).header("Connection")).contains("keep-alive");
  }

  @Test
  void a_draining_transport_gets_connection_close_and_no_further_request_is_read() {
    AtomicInteger handled = new AtomicInteger();
    HttpHandler counting =
        request -> {
          handled.incrementAndGet();
          return HttpResponse.text(200, "ok");
        };
    ScriptedConnection connection =
        ScriptedConnection.of(get("/a") + get("/b")).drainingWhen(() -> handled.get() > 0);

    List<RawResponse> responses = serve(counting, connection);

    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).header("Connection")).contains("close");
  }

  @Test
  void an_unread_small_body_is_drained_so_the_next_request_starts_clean() {
    ScriptedConnection connection =
        ScriptedConnection.of(post("/upload", "x".repeat(1000)) + get("/next"));

    List<RawResponse> responses = serve(IGNORE_BODY, connection);

    assertThat(responses)
        .extracting(RawResponse::bodyText)
        .containsExactly("POST /upload", "GET /next");
    assertThat(responses.get(0).header("Connection")).isEmpty();
  }

  @Test
  void an_unread_chunked_body_is_drained_too() {
    String chunked =
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n0\r\n\r\n";

    assertThat(serve(IGNORE_BODY, ScriptedConnection.of(chunked + get("/next"))))
        .extracting(RawResponse::bodyText)
        .containsExactly("POST /c", "GET /next");
  }

  @Test
  void an_unread_body_over_the_drain_bound_closes_the_connection_without_reading_it() {
    HttpLimits limits = new HttpLimits(8192, 8192, 32768, 100, 4096, 8192, 100);
    String head = "POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n";
    ScriptedConnection connection =
        ScriptedConnection.of(head).thenSend("x".repeat(101) + get("/next"));

    List<RawResponse> responses = serve(IGNORE_BODY, limits, connection);

    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).header("Connection")).contains("close");
    assertThat(connection.consumed()).isEqualTo(head.length());
  }

  @Test
  void an_unread_chunked_body_longer_than_the_drain_bound_closes_the_connection() {
    HttpLimits limits = new HttpLimits(8192, 8192, 32768, 100, 4096, 8192, 100);
    String chunked =
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "65\r\n"
            + "x".repeat(101)
            + "\r\n0\r\n\r\n";

    List<RawResponse> responses =
        serve(IGNORE_BODY, limits, ScriptedConnection.of(chunked + get("/next")));

    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).header("Connection")).contains("close");
  }

  @Test
  void a_client_that_closes_an_idle_connection_gets_nothing() {
    ScriptedConnection connection = ScriptedConnection.of(get("/a"));

    assertThat(serve(ECHO, connection)).hasSize(1);
    assertThat(connection.exhausted()).isTrue();
  }

  @Test
  void an_empty_connection_gets_nothing() {
    assertThat(serve(ECHO, new ScriptedConnection()).isEmpty()).isTrue();
  }

  @Test
  void garbage_after_a_good_request_is_answered_with_400_after_the_good_response() {
    List<RawResponse> responses =
        serve(ECHO, ScriptedConnection.of(get("/ok") + "NOT HTTP AT ALL\r\n\r\n"));

    assertThat(responses).extracting(RawResponse::status).containsExactly(200, 400);
    assertThat(responses.get(1).header("Connection")).contains("close");
  }

  @Test
  void empty_lines_between_pipelined_requests_are_skipped() {
    assertThat(serve(ECHO, ScriptedConnection.of(get("/a") + "\r\n\r\n" + get("/b"))))
        .extracting(RawResponse::status)
        .containsExactly(200, 200);
  }
}
