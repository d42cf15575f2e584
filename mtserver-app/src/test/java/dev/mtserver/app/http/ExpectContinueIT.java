package dev.mtserver.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Expect: 100-continue} over a real socket: a request the server refuses without reading its
 * body gets the final status straight away (no 100), and the connection closes, because the client
 * may or may not send the body it was holding back.
 */
class ExpectContinueIT {

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

  @Test
  void a_refused_upload_gets_its_final_status_without_100_and_the_connection_closes()
      throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      RawHttpClient.Response response =
          client
              .send(
                  "PUT /index.html HTTP/1.1\r\nHost: localhost\r\n"
                      + "Content-Length: 1000000\r\nExpect: 100-continue\r\n\r\n")
              .readResponse();

      assertThat(response.status()).isEqualTo(405);
      assertThat(response.header("Allow")).isPresent();
      assertThat(response.header("Connection")).contains("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void a_request_that_needs_no_body_is_answered_without_100() throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      RawHttpClient.Response response =
          client
              .send(
                  "GET /style.css HTTP/1.1\r\nHost: localhost\r\n"
                      + "Content-Length: 5\r\nExpect: 100-continue\r\n\r\n")
              .readResponse();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Connection")).contains("close");
    }
  }

  @Test
  void an_unknown_expectation_is_417() throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      RawHttpClient.Response response =
          client
              .send(
                  "PUT /x HTTP/1.1\r\nHost: localhost\r\n"
                      + "Content-Length: 5\r\nExpect: teapot\r\n\r\nhello")
              .readResponse();

      assertThat(response.status()).isEqualTo(417);
    }
  }
}
