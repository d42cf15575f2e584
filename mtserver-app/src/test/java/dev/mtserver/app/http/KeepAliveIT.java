package dev.mtserver.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    try (RawClient client = new RawClient(server.address())) {
      for (int i = 0; i < 5; i++) {
        RawClient.Response response = client.send(get("/style.css")).read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Connection")).isNull();
      }
      assertThat(client.closedWithin(200)).isFalse();
    }
  }

  @Test
  void pipelined_requests_are_answered_in_order() throws IOException {
    String index = Files.readString(dir.resolve("public/index.html"));
    String css = Files.readString(dir.resolve("public/style.css"));
    try (RawClient client = new RawClient(server.address())) {
      client.send(get("/") + get("/style.css") + get("/missing")
          + "HEAD /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n" + get("/"));

      List<RawClient.Response> responses = List.of(
          client.read(), client.read(), client.read(), client.read(true), client.read());

      assertThat(responses).extracting(RawClient.Response::status)
          .containsExactly(200, 200, 404, 200, 200);
      assertThat(responses.get(0).body()).isEqualTo(index);
      assertThat(responses.get(1).body()).isEqualTo(css);
      assertThat(responses.get(3).header("Content-Length"))
          .isEqualTo(String.valueOf(css.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
      assertThat(responses.get(4).body()).isEqualTo(index);
    }
  }

  @Test
  void connection_close_is_honoured() throws IOException {
    try (RawClient client = new RawClient(server.address())) {
      RawClient.Response response = client
          .send("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" + get("/"))
          .read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Connection")).isEqualTo("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void http_1_0_closes_unless_it_asks_for_keep_alive() throws IOException {
    try (RawClient client = new RawClient(server.address())) {
      RawClient.Response response = client.send("GET / HTTP/1.0\r\n\r\n").read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(client.closedByServer()).isTrue();
    }
    try (RawClient client = new RawClient(server.address())) {
      String request = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";

      assertThat(client.send(request).read().header("Connection")).isEqualTo("keep-alive");
      assertThat(client.send(request).read().status()).isEqualTo(200);
    }
  }

  @Test
  void an_unread_request_body_is_drained_and_the_next_request_served() throws IOException {
    try (RawClient client = new RawClient(server.address())) {
      client.send("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2000\r\n\r\n"
          + "x".repeat(2000) + "GET /style.css HTTP/1.1\r\nHost: localhost\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" + get("/missing"));

      assertThat(List.of(client.read().status(), client.read().status(), client.read().status()))
          .containsExactly(200, 200, 404);
    }
  }
}
