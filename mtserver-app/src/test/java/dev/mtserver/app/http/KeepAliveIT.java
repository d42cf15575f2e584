package dev.mtserver.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Persistent connections and pipelining over real sockets, against the real server. */
class KeepAliveIT {

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

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }

  @Test
  void one_connection_carries_request_after_request() throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      for (int i = 0; i < 5; i++) {
        RawHttpClient.Response response = client.send(get("/style.css")).readResponse();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Connection")).isEmpty();
      }
      assertThat(client.closedByServer(Duration.ofMillis(200))).isFalse();
    }
  }

  @Test
  void pipelined_requests_are_answered_in_order() throws IOException {
    String index = Files.readString(dir.resolve("public/index.html"));
    String css = Files.readString(dir.resolve("public/style.css"));
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      client.send(
          get("/")
              + get("/style.css")
              + get("/missing")
              + "HEAD /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n"
              + get("/"));

      List<RawHttpClient.Response> responses =
          List.of(
              client.readResponse(),
              client.readResponse(),
              client.readResponse(),
              client.readResponseToHead(),
              client.readResponse());

      assertThat(responses)
          .extracting(RawHttpClient.Response::status)
          .containsExactly(200, 200, 404, 200, 200);
      assertThat(responses.get(0).bodyText()).isEqualTo(index);
      assertThat(responses.get(1).bodyText()).isEqualTo(css);
      assertThat(responses.get(3).header("Content-Length"))
          .contains(String.valueOf(css.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
      assertThat(responses.get(4).bodyText()).isEqualTo(index);
    }
  }

  @Test
  void connection_close_is_honoured() throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      RawHttpClient.Response response =
          client
              .send("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" + get("/"))
              .readResponse();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Connection")).contains("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void http_1_0_closes_unless_it_asks_for_keep_alive() throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      RawHttpClient.Response response = client.send("GET / HTTP/1.0\r\n\r\n").readResponse();

      assertThat(response.status()).isEqualTo(200);
      assertThat(client.closedByServer()).isTrue();
    }
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      String request = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";

      assertThat(client.send(request).readResponse().header("Connection")).contains("keep-alive");
      assertThat(client.send(request).readResponse().status()).isEqualTo(200);
    }
  }

  @Test
  void an_unread_request_body_is_drained_and_the_next_request_served() throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      client.send(
          "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2000\r\n\r\n"
              + "x".repeat(2000)
              + "GET /style.css HTTP/1.1\r\nHost: localhost\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
              + get("/missing"));

      assertThat(
              List.of(
                  client.readResponse().status(),
                  client.readResponse().status(),
                  client.readResponse().status()))
          .containsExactly(200, 200, 404);
    }
  }
}
