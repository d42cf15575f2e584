package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.ECHO;
import static dev.mtserver.http.engine.Loop.IGNORE_BODY;
import static dev.mtserver.http.engine.Loop.get;
import static dev.mtserver.http.engine.Loop.serve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.spi.ReadPhase;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which timeout applies when, and what each timeout does. */
class ReadPhaseTest {

  private static final String POST_HEAD =
      "POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n";

  @Test
  void waiting_for_a_request_is_idle_reading_its_head_is_header() {
    ScriptedConnection connection =
        ScriptedConnection.of("GET / HTTP/1.1\r\n").thenSend("Host: a\r\n\r\n");

    serve(ECHO, connection);

    // first byte, rest of the head, then the wait for the next request (which ends the stream)
    assertThat(connection.phasesAtReads())
        .containsExactly(ReadPhase.IDLE, ReadPhase.HEADER, ReadPhase.IDLE);
  }

  @Test
  void reading_a_body_is_body() {
    ScriptedConnection connection = ScriptedConnection.of(POST_HEAD).thenSend("0123456789");

    serve(ECHO, connection);

    assertThat(connection.phasesAtReads())
        .containsExactly(ReadPhase.IDLE, ReadPhase.BODY, ReadPhase.IDLE);
  }

  @Test
  void an_idle_timeout_closes_without_a_word() {
    ScriptedConnection connection = ScriptedConnection.of(get("/a")).thenTimeout();

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses).extracting(RawResponse::status).containsExactly(200);
  }

  @Test
  void a_timeout_inside_a_head_is_answered_with_408_and_closes() {
    ScriptedConnection connection =
        ScriptedConnection.of("GET / HTTP/1.1\r\nHost:").thenTimeout().thenSend(" a\r\n\r\n");

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses).extracting(RawResponse::status).containsExactly(408);
    assertThat(responses.get(0).header("Connection")).contains("close");
    assertThat(connection.exhausted()).isFalse();
  }

  @Test
  void a_timeout_while_the_handler_reads_the_body_is_answered_with_408() {
    ScriptedConnection connection =
        ScriptedConnection.of(POST_HEAD).thenSend("01234").thenTimeout();

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses).extracting(RawResponse::status).containsExactly(408);
    assertThat(responses.get(0).header("Connection")).contains("close");
  }

  @Test
  void a_timeout_while_draining_an_unread_body_closes_after_the_response() {
    ScriptedConnection connection =
        ScriptedConnection.of(POST_HEAD).thenTimeout().thenSend("0123456789" + get("/next"));

    List<RawResponse> responses = serve(IGNORE_BODY, connection);

    assertThat(responses).extracting(RawResponse::status).containsExactly(200);
    assertThat(responses.get(0).header("Connection")).contains("close");
  }
}
