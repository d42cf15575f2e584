package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.ECHO;
import static dev.mtserver.http.engine.Loop.get;
import static dev.mtserver.http.engine.Loop.serve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Expect: 100-continue} (RFC 9110 §10.1.1) and what happens to a body never asked for. */
class ExpectContinueTest {

  private static final String HEAD =
      "PUT /file HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n" + "Expect: 100-continue\r\n\r\n";

  @org.junit.jupiter.api.Test
  void the_100_is_sent_when_the_handler_first_reads_the_body_and_not_before() {
    ScriptedConnection connection = ScriptedConnection.of(HEAD).thenSend("hello");
    List<String> writtenBeforeReading = new ArrayList<>();
    HttpHandler handler =
        request -> {
          writtenBeforeReading.add(connection.output());
          String body = new String(request.body().readAllBytes(), StandardCharsets.US_ASCII);
          return HttpResponse.text(201, body);
        };

    List<RawResponse> responses = serve(handler, connection);

    assertThat(writtenBeforeReading).containsExactly("");
    assertThat(connection.output()).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 ");
    assertThat(responses).extracting(RawResponse::status).containsExactly(100, 201);
    assertThat(responses.get(1).bodyText()).isEqualTo("hello");
  }

  @org.junit.jupiter.api.Test
  void the_connection_stays_open_after_a_body_that_was_read() {
    ScriptedConnection connection = ScriptedConnection.of(HEAD + "hello" + get("/next"));

    assertThat(serve(ECHO, connection))
        .extracting(RawResponse::status)
        .containsExactly(100, 200, 200);
  }

  @ParameterizedTest(name = "{0} without reading the body")
  @ValueSource(ints = {413, 404, 405, 415})
  void a_refusal_gets_no_100_the_body_is_never_read_and_the_connection_closes(int status) {
    ScriptedConnection connection = ScriptedConnection.of(HEAD).thenSend("hello" + get("/next"));
    HttpHandler refusing = request -> ErrorResponses.of(status);

    List<RawResponse> responses = serve(refusing, connection);

    assertThat(connection.output()).doesNotContain("100 Continue");
    assertThat(responses).extracting(RawResponse::status).containsExactly(status);
    assertThat(responses.get(0).header("Connection")).contains("close");
    assertThat(connection.consumed()).isEqualTo(HEAD.length());
  }

  @org.junit.jupiter.api.Test
  void the_expectation_is_case_insensitive() {
    String head = HEAD.replace("100-continue", "100-Continue");

    assertThat(serve(ECHO, ScriptedConnection.of(head + "hello")))
        .extracting(RawResponse::status)
        .containsExactly(100, 200);
  }

  @org.junit.jupiter.api.Test
  void http_1_0_clients_never_get_a_100() {
    String head = HEAD.replace("HTTP/1.1", "HTTP/1.0");
    ScriptedConnection connection = ScriptedConnection.of(head + "hello");

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses).extracting(RawResponse::status).containsExactly(200);
    assertThat(responses.get(0).bodyText()).isEqualTo("PUT /file body=hello");
  }

  @org.junit.jupiter.api.Test
  void a_request_without_a_body_gets_no_100() {
    String head = "GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n";

    assertThat(serve(ECHO, ScriptedConnection.of(head)))
        .extracting(RawResponse::status)
        .containsExactly(200);
  }

  @org.junit.jupiter.api.Test
  void an_unknown_expectation_is_417_and_closes() {
    String head = HEAD.replace("100-continue", "200-ok");

    List<RawResponse> responses = serve(ECHO, ScriptedConnection.of(head + "hello"));

    assertThat(responses).extracting(RawResponse::status).containsExactly(417);
    assertThat(responses.get(0).header("Connection")).contains("close");
  }
}
