package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.ECHO;
import static dev.mtserver.http.engine.Loop.get;
import static dev.mtserver.http.engine.Loop.serve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.MalformedBodyException;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failing handler never shows internals, never kills the loop's thread, and never hangs. */
class HandlerFailureTest {

  private static final String TRUNCATED_POST =
      "POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly part of it";

  @Test
  void a_bug_in_a_handler_is_a_short_500_without_the_exception_text() {
    HttpHandler buggy =
        request -> {
          throw new IllegalStateException("secret detail at /etc/app.conf");
        };

    List<RawResponse> responses = serve(buggy, ScriptedConnection.of(get("/") + get("/")));

    assertThat(responses).hasSize(1);
    RawResponse response = responses.get(0);
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.bodyText()).isEqualTo("500 Internal Server Error\n");
    assertThat(response.header("Connection")).contains("close");
  }

  @Test
  void a_handler_whose_own_io_fails_gets_a_500() {
    HttpHandler failing =
        request -> {
          throw new IOException("disk on fire");
        };

    List<RawResponse> responses = serve(failing, ScriptedConnection.of(get("/")));

    assertThat(responses).extracting(RawResponse::status).containsExactly(500);
    assertThat(responses.get(0).bodyText()).doesNotContain("disk");
  }

  @Test
  void a_client_that_stops_short_of_its_content_length_gets_nothing_and_nothing_is_kept() {
    ScriptedConnection connection = ScriptedConnection.of(TRUNCATED_POST);

    List<RawResponse> responses = serve(ECHO, connection);

    assertThat(responses).isEmpty();
  }

  @Test
  void the_same_holds_when_the_handler_wraps_the_failure_in_an_unchecked_exception() {
    HttpHandler wrapping =
        request -> {
          try {
            request.body().readAllBytes();
            return HttpResponse.text(200, "stored");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };

    assertThat(serve(wrapping, ScriptedConnection.of(TRUNCATED_POST))).isEmpty();
  }

  @Test
  void a_handler_that_swallows_a_body_failure_is_answered_but_the_connection_closes() {
    HttpHandler swallowing =
        request -> {
          try {
            request.body().readAllBytes();
            return HttpResponse.text(200, "stored");
          } catch (IOException e) {
            return ErrorResponses.of(400, "Upload failed");
          }
        };

    List<RawResponse> responses =
        serve(swallowing, ScriptedConnection.of(TRUNCATED_POST).thenSend(get("/")));

    assertThat(responses).extracting(RawResponse::status).containsExactly(400);
    assertThat(responses.get(0).header("Connection")).contains("close");
  }

  @Test
  void a_decoder_can_refuse_a_malformed_body_with_its_own_status() {
    HttpHandler decoding =
        request -> {
          request.body().readAllBytes();
          throw new MalformedBodyException(400, "Bad multipart body");
        };

    List<RawResponse> responses = serve(decoding, ScriptedConnection.of(Loop.post("/f", "xx")));

    assertThat(responses).extracting(RawResponse::status).containsExactly(400);
    assertThat(responses.get(0).bodyText()).isEqualTo("400 Bad Request: Bad multipart body\n");
  }

  @Test
  void a_request_that_reaches_the_handler_knows_its_framing() {
    StringBuilder seen = new StringBuilder();
    HttpHandler recording =
        request -> {
          seen.append(request.hasBody()).append(' ').append(request.contentLength()).append(';');
          request.body().readAllBytes();
          return HttpResponse.empty(204);
        };
    String chunked = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";

    serve(recording, ScriptedConnection.of(get("/") + Loop.post("/", "abc") + chunked));

    assertThat(seen)
        .hasToString("false OptionalLong[0];true OptionalLong[3];true OptionalLong.empty;");
  }

  @Test
  void broken_chunking_is_answered_with_its_status_however_the_handler_reports_it() {
    String badChunks = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
    HttpHandler rewrapping =
        request -> {
          try {
            request.body().readAllBytes();
            return HttpResponse.text(200, "stored");
          } catch (IOException e) {
            throw new IOException("upload failed"); // the cause is lost
          }
        };

    assertThat(serve(rewrapping, ScriptedConnection.of(badChunks)))
        .extracting(RawResponse::status)
        .containsExactly(400);
  }

  @Test
  void a_timeout_of_the_handler_itself_is_not_blamed_on_the_client() {
    HttpHandler slowBackend =
        request -> {
          throw new java.net.SocketTimeoutException("backend too slow");
        };

    assertThat(serve(slowBackend, ScriptedConnection.of(get("/"))))
        .extracting(RawResponse::status)
        .containsExactly(500);
  }
}
