package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.ECHO;
import static dev.mtserver.http.engine.Loop.IGNORE_BODY;
import static dev.mtserver.http.engine.Loop.serve;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request smuggling, end to end through the connection loop. Every vector carries a second request
 * ("GET /smuggled") hidden where a parser that disagreed with ours would find it. Whatever the
 * vector, the server must answer the first request with the expected refusal, close the connection,
 * and never answer the hidden request.
 */
class SmugglingTest {

  private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";

  static Stream<Arguments> vectors() {
    return Stream.of(
        arguments(
            "CL.TE",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "TE.CL",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 3\r\n\r\n5c\r\n"
                + SMUGGLED
                + "\r\n0\r\n\r\n",
            400),
        arguments(
            "TE.TE xchunked",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "TE.TE xchunked alone",
            "POST / HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            501),
        arguments(
            "TE.TE trailing space",
            "POST / HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding: chunked \r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "TE.TE tab",
            "POST / HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "TE.TE case",
            "POST / HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding: Chunked\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "TE.TE comma",
            "POST / HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "TE.TE duplicate lines",
            "POST / HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "TE.TE obs-fold",
            "POST / HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "TE.TE space before colon",
            "POST / HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "TE on HTTP/1.0",
            "POST / HTTP/1.0\r\nHost: a\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "CL.CL conflicting",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n"
                + "Content-Length: "
                + SMUGGLED.length()
                + "\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "CL list",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0, "
                + SMUGGLED.length()
                + "\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "CL with a sign",
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +"
                + SMUGGLED.length()
                + "\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "bare LF ends a header",
            "POST / HTTP/1.1\r\nHost: a\r\nX: y\nContent-Length: "
                + SMUGGLED.length()
                + "\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "bare CR in a header",
            "POST / HTTP/1.1\r\nHost: a\r\nX: y\rContent-Length: "
                + SMUGGLED.length()
                + "\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "NUL in a header",
            "POST / HTTP/1.1\r\nHost: a\r\nX: \u0000\r\nContent-Length: "
                + SMUGGLED.length()
                + "\r\n\r\n"
                + SMUGGLED,
            400),
        arguments("missing Host", "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n" + SMUGGLED, 400),
        arguments("duplicate Host", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + SMUGGLED, 400),
        arguments(
            "chunk size 0x",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0x0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "chunk size with underscore",
            "POST / HTTP/1.1\r\nHost: a\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n1_0\r\n"
                + "x".repeat(16)
                + "\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "chunk size overflow",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "10000000000000000\r\n"
                + SMUGGLED,
            400),
        arguments(
            "empty chunk size",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + "\r\n" + SMUGGLED,
            400),
        arguments(
            "chunk overrun",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1\r\nab\r\n0\r\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "bare LF in a chunk line",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\n\r\n"
                + SMUGGLED,
            400),
        arguments(
            "bare LF ending the body",
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\n"
                + SMUGGLED,
            400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void a_handler_that_reads_the_body_never_sees_the_hidden_request(
      String name, String wire, int status) {
    assertRefusedAndClosed(serve(ECHO, ScriptedConnection.of(wire)), status);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void a_handler_that_ignores_the_body_never_sees_the_hidden_request(
      String name, String wire, int status) {
    // a bad chunked body is found while draining it, before the handler's answer is sent
    assertRefusedAndClosed(serve(IGNORE_BODY, ScriptedConnection.of(wire)), status);
  }

  private static void assertRefusedAndClosed(List<RawResponse> responses, int status) {
    assertThat(responses).hasSize(1);
    RawResponse response = responses.get(0);
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("Connection")).contains("close");
    assertThat(response.bodyText()).doesNotContain("smuggled");
  }
}
