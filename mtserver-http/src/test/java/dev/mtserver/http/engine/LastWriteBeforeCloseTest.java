package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.IGNORE_BODY;
import static dev.mtserver.http.engine.Loop.get;
import static dev.mtserver.http.engine.Loop.serve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.testing.ScriptedConnection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The engine tells the transport when a whole response is the last write before the close, so that
 * it may leave with the connection's FIN in one segment; and never when more is to come on the
 * connection, or when the body is streamed and must leave as it is written.
 */
class LastWriteBeforeCloseTest {

  @Test
  void a_response_without_keep_alive_is_announced_as_the_last_write() {
    ScriptedConnection connection = ScriptedConnection.of("GET /a HTTP/1.0\r\n\r\n");

    serve(IGNORE_BODY, connection);

    assertThat(connection.writeCalls()).hasSize(1);
    assertThat(connection.lastWriteAnnouncedAt()).isZero(); // before the one write
  }

  @Test
  void connection_close_from_the_client_is_announced_too() {
    ScriptedConnection connection =
        ScriptedConnection.of(get("/a"))
            .thenSend("GET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

    serve(IGNORE_BODY, connection);

    assertThat(connection.writeCalls()).hasSize(2);
    assertThat(connection.lastWriteAnnouncedAt())
        .isEqualTo(1); // the second response, not the first
  }

  @Test
  void a_kept_alive_response_is_not_announced() {
    ScriptedConnection connection = ScriptedConnection.of(get("/a"));

    serve(IGNORE_BODY, connection);

    assertThat(connection.writeCalls()).hasSize(1);
    assertThat(connection.lastWriteAnnouncedAt()).isEqualTo(-1);
  }

  @Test
  void a_streamed_body_is_never_held_back() {
    HttpHandler streaming =
        request ->
            new HttpResponse(
                200,
                new HttpFields(),
                new ResponseBody.Streamed(
                    -1,
                    out -> {
                      out.write("first".getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                      out.write("second".getBytes(StandardCharsets.US_ASCII));
                    }));
    ScriptedConnection connection = ScriptedConnection.of("GET /a HTTP/1.0\r\n\r\n");

    serve(streaming, connection);

    assertThat(connection.output()).contains("firstsecond");
    assertThat(connection.lastWriteAnnouncedAt()).isEqualTo(-1);
  }
}
