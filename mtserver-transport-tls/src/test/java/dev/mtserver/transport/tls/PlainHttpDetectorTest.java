package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.tls.PlainHttpDetector.Verdict;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlainHttpDetectorTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "GET / HTTP/1.1",
        "POST /upload HTTP/1.1",
        "HEAD /",
        "OPTIONS *",
        "PUT /x",
        "DELETE /x",
        "CONNECT a:1",
        "TRACE /",
        "PATCH /x",
        "PRI * HTTP/2.0",
        "get / HTTP/1.1"
      })
  void a_request_line_is_plain_http(String line) {
    assertThat(PlainHttpDetector.classify(line.getBytes(StandardCharsets.US_ASCII)[0]))
        .isEqualTo(Verdict.PLAIN_HTTP);
  }

  @ParameterizedTest(name = "0x{0}")
  @CsvSource({
    "16, TLS",
    "80, OTHER",
    "00, OTHER",
    "15, OTHER",
    "17, OTHER",
    "ff, OTHER",
    "0d, OTHER",
    "20, OTHER"
  })
  void other_first_bytes(String hex, Verdict verdict) {
    assertThat(PlainHttpDetector.classify(Integer.parseInt(hex, 16))).isEqualTo(verdict);
    assertThat(PlainHttpDetector.classify((byte) Integer.parseInt(hex, 16))).isEqualTo(verdict);
  }

  @Test
  void the_answer_is_a_complete_closing_400_in_clear_text() {
    String response = new String(PlainHttpDetector.response(), StandardCharsets.US_ASCII);
    String head = response.substring(0, response.indexOf("\r\n\r\n"));
    String body = response.substring(response.indexOf("\r\n\r\n") + 4);

    assertThat(head)
        .startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("\r\nConnection: close")
        .contains("\r\nContent-Length: " + body.length());
    assertThat(body).isEqualTo("The plain HTTP request was sent to HTTPS port.\n");
  }

  @Test
  void each_caller_gets_its_own_copy() {
    byte[] first = PlainHttpDetector.response();
    first[0] = 'X';

    assertThat(PlainHttpDetector.response()[0]).isEqualTo((byte) 'H');
  }
}
