package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.ECHO;
import static dev.mtserver.http.engine.Loop.IGNORE_BODY;
import static dev.mtserver.http.engine.Loop.get;
import static dev.mtserver.http.engine.Loop.serve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.testing.ScriptedConnection;
import org.junit.jupiter.api.Test;

/**
 * A lingering close is asked for exactly when the client may still be sending as the connection
 * ends, and not otherwise: lingering costs the worker a round trip, not lingering costs the client
 * its response (a reset from unread input destroys it).
 */
class LingeringCloseTest {

  private static final String CLOSE_GET = "GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

  @Test
  void a_request_read_to_its_end_closes_at_once() {
    ScriptedConnection connection = ScriptedConnection.of(CLOSE_GET);

    serve(ECHO, connection);

    assertThat(connection.lingerAsked()).isFalse();
  }

  @Test
  void a_client_that_closes_an_idle_connection_needs_no_linger() {
    ScriptedConnection connection = ScriptedConnection.of(get("/a"));

    serve(ECHO, connection);

    assertThat(connection.lingerAsked()).isFalse();
  }

  @Test
  void a_body_too_large_to_drain_makes_the_close_linger() {
    HttpLimits limits = HttpLimits.defaults();
    String big = "x".repeat((int) limits.maxDrainBytes() + 1);
    ScriptedConnection connection =
        ScriptedConnection.of(
            "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: "
                + big.length()
                + "\r\n\r\n"
                + big);

    serve(IGNORE_BODY, connection);

    assertThat(connection.lingerAsked()).isTrue();
  }

  @Test
  void a_body_held_back_by_expect_continue_makes_the_close_linger() {
    ScriptedConnection connection =
        ScriptedConnection.of(
            "POST /upload HTTP/1.1\r\n"
                + "Host: a\r\n"
                + "Content-Length: 5\r\n"
                + "Expect: 100-continue\r\n\r\n");

    serve(IGNORE_BODY, connection);

    assertThat(connection.lingerAsked()).isTrue();
  }

  @Test
  void a_refused_head_makes_the_close_linger() {
    ScriptedConnection connection =
        ScriptedConnection.of("GET /a HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n");

    serve(ECHO, connection);

    assertThat(connection.lingerAsked()).isTrue();
  }

  @Test
  void a_pipelined_request_behind_a_connection_close_makes_the_close_linger() {
    ScriptedConnection connection = ScriptedConnection.of(CLOSE_GET + get("/b"));

    serve(ECHO, connection);

    assertThat(connection.lingerAsked()).isTrue();
  }
}
