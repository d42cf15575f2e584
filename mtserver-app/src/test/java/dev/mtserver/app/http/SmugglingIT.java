package dev.mtserver.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and ambiguous requests over real sockets: each is refused with its status, the
 * connection closes, and the request hidden behind it is never answered.
 */
class SmugglingIT {

  private static final String HIDDEN = "GET /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n";

  @TempDir static Path dir;
  static MtServer server;

  @BeforeAll
  static void start() throws IOException {
    server = MtServer.start(ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")));
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        arguments(
            "CL.TE",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400),
        arguments(
            "TE.CL",
            "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Length: 3\r\n\r\n0\r\n\r\n",
            400),
        arguments(
            "TE.TE: xchunked",
            "GET / HTTP/1.1\r\nHost: a\r\n" + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n",
            501),
        arguments(
            "TE.TE: Chunked",
            "GET / HTTP/1.1\r\nHost: a\r\n" + "Transfer-Encoding: Chunked\r\n\r\n0\r\n\r\n",
            400),
        arguments(
            "TE.TE: trailing space",
            "GET / HTTP/1.1\r\nHost: a\r\n" + "Transfer-Encoding: chunked \r\n\r\n0\r\n\r\n",
            400),
        arguments(
            "CL.CL",
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n" + "Content-Length: 44\r\n\r\n",
            400),
        arguments(
            "bad chunk size",
            "GET / HTTP/1.1\r\nHost: a\r\n" + "Transfer-Encoding: chunked\r\n\r\n0x0\r\n\r\n",
            400),
        arguments("bare LF", "GET / HTTP/1.1\nHost: a\r\n\r\n", 400),
        arguments("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", 400),
        arguments("missing Host", "GET / HTTP/1.1\r\n\r\n", 400),
        arguments("empty Host", "GET / HTTP/1.1\r\nHost: \r\n\r\n", 400),
        arguments(
            "path climbing above the root",
            "GET /../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n",
            400),
        arguments("encoded slash", "GET /a%2F..%2F..%2Fetc HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        arguments("overlong UTF-8", "GET /%C0%AE%C0%AE/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        arguments("HTTP/2.0 on this port", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        arguments("long URI", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        arguments("long method", "A".repeat(9000) + " / HTTP/1.1\r\nHost: a\r\n\r\n", 501),
        arguments(
            "huge header",
            "GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(9000) + "\r\n\r\n",
            431));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void refused(String name, String request, int status) throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      RawHttpClient.Response response = client.send(request + HIDDEN).readResponse();

      assertThat(response.status()).isEqualTo(status);
      assertThat(response.header("Connection")).contains("close");
      assertThat(response.bodyText()).startsWith(status + " ").hasSizeLessThan(100);
      assertThat(client.closedByServer()).isTrue();
    }
  }
}
