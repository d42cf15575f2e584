package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.get;
import static dev.mtserver.http.engine.Loop.serve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.spi.ChannelTransfer;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ResponseWritingTest {

  private static final String IMF_FIXDATE =
      "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
          + "\\d{4} \\d{2}:\\d{2}:\\d{2} GMT";

  private static HttpHandler answering(HttpResponse response) {
    return request -> response;
  }

  /** A region over an in-memory array, the shape of FileChannel.transferTo. */
  private static ResponseBody.Region region(byte[] content, AtomicBoolean closed) {
    ChannelTransfer source =
        (position, count, target) ->
            target.write(ByteBuffer.wrap(content, (int) position, (int) Math.min(count, 4096)));
    return new ResponseBody.Region(source, 0, content.length, () -> closed.set(true));
  }

  @Test
  void every_response_has_status_line_date_server_and_length() {
    List<RawResponse> responses =
        serve(answering(HttpResponse.text(200, "hi")), ScriptedConnection.of(get("/")));

    RawResponse response = responses.get(0);
    assertThat(response.head()).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(response.header("Date")).hasValueSatisfying(d -> assertThat(d).matches(IMF_FIXDATE));
    assertThat(response.header("Server")).contains("MTServer/test");
    assertThat(response.header("Content-Length")).contains("2");
    assertThat(response.header("Content-Type")).contains("text/plain; charset=utf-8");
  }

  @Test
  void head_and_a_small_body_leave_in_one_write() {
    ScriptedConnection connection = ScriptedConnection.of(get("/"));

    serve(answering(HttpResponse.text(200, "x".repeat(10_000))), connection);

    assertThat(connection.writeCalls()).hasSize(1);
  }

  @Test
  void a_small_file_region_is_copied_behind_the_head_into_one_write() {
    ScriptedConnection connection = ScriptedConnection.of(get("/"));
    AtomicBoolean closed = new AtomicBoolean();
    byte[] file = "f".repeat(ResponseWriter.COALESCE_BYTES).getBytes(StandardCharsets.US_ASCII);
    HttpResponse response = new HttpResponse(200, new HttpFields(), region(file, closed));

    List<RawResponse> responses = serve(answering(response), connection);

    assertThat(connection.writeCalls()).hasSize(1);
    assertThat(connection.transfers()).isZero();
    assertThat(responses.get(0).body()).isEqualTo(file);
    assertThat(closed).isTrue();
  }

  @Test
  void a_large_file_region_is_transferred_after_the_head() {
    ScriptedConnection connection = ScriptedConnection.of(get("/"));
    AtomicBoolean closed = new AtomicBoolean();
    byte[] file = "L".repeat(ResponseWriter.COALESCE_BYTES + 1).getBytes(StandardCharsets.US_ASCII);
    HttpResponse response = new HttpResponse(200, new HttpFields(), region(file, closed));

    List<RawResponse> responses = serve(answering(response), connection);

    assertThat(connection.transfers()).isEqualTo(1);
    assertThat(responses.get(0).body()).isEqualTo(file);
    assertThat(closed).isTrue();
  }

  @Test
  void head_gets_the_headers_of_get_and_no_body_and_the_file_is_still_closed() {
    AtomicBoolean closed = new AtomicBoolean();
    byte[] file = "abc".getBytes(StandardCharsets.US_ASCII);
    ScriptedConnection connection =
        ScriptedConnection.of("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n" + get("/"));
    HttpHandler handler =
        request -> new HttpResponse(200, new HttpFields(), region(file, new AtomicBoolean()));
    HttpHandler recording =
        request ->
            request.method().equals("HEAD")
                ? new HttpResponse(200, new HttpFields(), region(file, closed))
                : handler.handle(request);

    Loop.run(recording, HttpLimits.defaults(), connection);

    String out = connection.output();
    String headResponse = out.substring(0, out.indexOf("HTTP/1.1 200", 1));
    assertThat(headResponse).contains("Content-Length: 3\r\n").endsWith("\r\n\r\n");
    assertThat(out.substring(headResponse.length())).endsWith("\r\n\r\nabc");
    assertThat(closed).isTrue();
  }

  @Test
  void no_content_and_not_modified_have_no_body() {
    HttpHandler handler =
        request -> {
          if (request.path().toString().equals("/204")) {
            HttpResponse response = HttpResponse.text(204, "ignored");
            response.headers().set("Content-Length", "7");
            return response;
          }
          HttpResponse response = HttpResponse.empty(304);
          response.headers().set("Content-Length", "1234");
          return response;
        };

    List<RawResponse> responses = serve(handler, ScriptedConnection.of(get("/204") + get("/304")));

    assertThat(responses).extracting(RawResponse::status).containsExactly(204, 304);
    assertThat(responses.get(0).header("Content-Length")).isEmpty();
    assertThat(responses.get(1).header("Content-Length")).contains("1234");
  }

  @Test
  void a_streamed_body_of_unknown_length_is_chunked_on_http_1_1() {
    byte[] big = "B".repeat(40_000).getBytes(StandardCharsets.US_ASCII);
    HttpHandler handler =
        request ->
            new HttpResponse(
                200,
                new HttpFields(),
                new ResponseBody.Streamed(
                    -1,
                    out -> {
                      out.write('a');
                      out.write("bc".getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                      out.write(big);
                    }));

    List<RawResponse> responses = serve(handler, ScriptedConnection.of(get("/") + get("/")));

    assertThat(responses).hasSize(2);
    assertThat(responses.get(0).header("Transfer-Encoding")).contains("chunked");
    assertThat(responses.get(0).header("Content-Length")).isEmpty();
    assertThat(responses.get(0).bodyText()).isEqualTo("abc" + "B".repeat(40_000));
  }

  @Test
  void a_streamed_body_of_unknown_length_on_http_1_0_ends_with_the_connection() {
    HttpHandler handler =
        request ->
            new HttpResponse(
                200,
                new HttpFields(),
                new ResponseBody.Streamed(
                    -1, out -> out.write("data".getBytes(StandardCharsets.US_ASCII))));
    ScriptedConnection connection =
        ScriptedConnection.of("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + get("/"));

    List<RawResponse> responses = serve(handler, connection);

    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).header("Connection")).contains("close");
    assertThat(responses.get(0).bodyText()).isEqualTo("data");
  }

  @Test
  void a_streamed_body_with_a_length_is_sent_with_that_length_and_head_first() {
    ScriptedConnection connection = ScriptedConnection.of(get("/"));
    HttpHandler handler =
        request ->
            new HttpResponse(
                200,
                new HttpFields(),
                new ResponseBody.Streamed(
                    5, out -> out.write("hello".getBytes(StandardCharsets.US_ASCII))));

    List<RawResponse> responses = serve(handler, connection);

    assertThat(responses.get(0).header("Content-Length")).contains("5");
    assertThat(responses.get(0).bodyText()).isEqualTo("hello");
    assertThat(connection.writeCalls()).hasSize(1);
  }

  @Test
  void a_streamed_body_shorter_than_declared_becomes_a_500_when_nothing_was_sent() {
    HttpHandler handler =
        request ->
            new HttpResponse(
                200,
                new HttpFields(),
                new ResponseBody.Streamed(
                    10, out -> out.write("short".getBytes(StandardCharsets.US_ASCII))));

    List<RawResponse> responses = serve(handler, ScriptedConnection.of(get("/") + get("/")));

    assertThat(responses).extracting(RawResponse::status).containsExactly(500);
    assertThat(responses.get(0).header("Connection")).contains("close");
  }

  @Test
  void a_streamed_body_longer_than_declared_is_cut_and_the_connection_closed() {
    byte[] big = new byte[100_000];
    HttpHandler handler =
        request ->
            new HttpResponse(
                200,
                new HttpFields(),
                new ResponseBody.Streamed(
                    50_000,
                    out -> {
                      out.write(big, 0, 40_000); // sent: the head has gone
                      out.write(big, 0, 40_000); // over the declared length
                    }));
    ScriptedConnection connection = ScriptedConnection.of(get("/") + get("/"));

    Loop.run(handler, HttpLimits.defaults(), connection);

    String out = connection.output();
    assertThat(out).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(connection.outputBytes().length - out.indexOf("\r\n\r\n") - 4).isEqualTo(40_000);
  }

  @Test
  void a_header_value_with_a_line_break_is_never_written() {
    HttpHandler handler =
        request -> {
          HttpResponse response = HttpResponse.text(302, "moved");
          response.headers().set("Location", "/x\r\nSet-Cookie: session=stolen");
          return response;
        };

    List<RawResponse> responses = serve(handler, ScriptedConnection.of(get("/")));

    assertThat(responses).extracting(RawResponse::status).containsExactly(500);
    assertThat(responses.get(0).head()).doesNotContain("Set-Cookie");
  }

  @Test
  void a_handler_cannot_send_an_informational_status() {
    assertThat(serve(answering(HttpResponse.empty(101)), ScriptedConnection.of(get("/"))))
        .extracting(RawResponse::status)
        .containsExactly(500);
  }

  @Test
  void the_loop_owns_the_framing_headers() {
    HttpResponse response = HttpResponse.text(200, "abc");
    response
        .headers()
        .set("Content-Length", "999")
        .set("Transfer-Encoding", "gzip")
        .set("Connection", "upgrade")
        .set("Server", "Apache")
        .set("Date", "yesterday");

    RawResponse sent = serve(answering(response), ScriptedConnection.of(get("/"))).get(0);

    assertThat(sent.headerValues("Content-Length")).containsExactly("3");
    assertThat(sent.header("Transfer-Encoding")).isEmpty();
    assertThat(sent.header("Connection")).isEmpty();
    assertThat(sent.headerValues("Server")).containsExactly("MTServer/test");
    assertThat(sent.header("Date")).hasValueSatisfying(d -> assertThat(d).matches(IMF_FIXDATE));
  }

  @Test
  void error_responses_are_short_fixed_text() {
    List<RawResponse> responses =
        serve(request -> null, ScriptedConnection.of("GET /x HTTP/1.1\r\n\r\n"));

    assertThat(responses.get(0).bodyText()).isEqualTo("400 Bad Request: Missing Host\n");
  }
}
