package dev.mtserver.http.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mtserver.http.codec.HttpInput;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.RequestHeadParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HostHeaderTest {

  static Stream<Arguments> host_fields() {
    return Stream.of(
        arguments("HTTP/1.1", "Host: example.com\r\n", "ok"),
        arguments("HTTP/1.1", "host: example.com:8080\r\n", "ok"),
        arguments("HTTP/1.1", "Host: 127.0.0.1\r\n", "ok"),
        arguments("HTTP/1.1", "Host: [::1]:80\r\n", "ok"),
        arguments("HTTP/1.1", "Host: xn--caf-dma.example\r\n", "ok"),
        arguments("HTTP/1.1", "Host: \r\n", "400"),
        arguments("HTTP/1.1", "Host:\r\n", "400"),
        arguments("HTTP/1.1", "Host: example.com:\r\n", "ok"),
        arguments("HTTP/1.1", "", "400"),
        arguments("HTTP/1.1", "Host: a\r\nHost: a\r\n", "400"),
        arguments("HTTP/1.1", "Host: a\r\nhost: b\r\n", "400"),
        arguments("HTTP/1.1", "Host: a b\r\n", "400"),
        arguments("HTTP/1.1", "Host: evil.com/path\r\n", "400"),
        arguments("HTTP/1.1", "Host: user@evil.com\r\n", "400"),
        arguments("HTTP/1.1", "Host: a:http\r\n", "400"),
        arguments("HTTP/1.1", "Host: a:123456\r\n", "400"),
        arguments("HTTP/1.1", "Host: a:1:2\r\n", "400"),
        arguments("HTTP/1.1", "Host: [::1\r\n", "400"),
        arguments("HTTP/1.1", "Host: [zz]\r\n", "400"),
        arguments("HTTP/1.1", "Host: caf\u00e9.example\r\n", "400"),
        arguments("HTTP/1.1", "Host: a\\b\r\n", "400"),
        arguments("HTTP/1.0", "", "ok"),
        arguments("HTTP/1.0", "Host: a\r\n", "ok"),
        arguments("HTTP/1.0", "Host: \r\n", "ok"),
        arguments("HTTP/1.0", "Host: a\r\nHost: b\r\n", "400"),
        arguments("HTTP/1.0", "Host: a/b\r\n", "400"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource
  void host_fields(String version, String fields, String expected) throws Exception {
    assertThat(outcome("GET / " + version + "\r\n" + fields + "\r\n")).isEqualTo(expected);
  }

  /**
   * An empty Host names no host: on an HTTP/1.1 request whose target URI takes its authority from
   * Host (origin and asterisk form), that is an {@code http} URI with an empty host, which RFC 9110
   * §4.2.1 makes invalid, so RFC 9112 §3.2's 400 applies. An absolute-form target brings its own
   * authority and Host is then ignored (§3.2.2); HTTP/1.0 falls back to the server's name (§3.3).
   */
  static Stream<Arguments> empty_host_by_target_form() {
    return Stream.of(
        arguments("GET / HTTP/1.1", "400"),
        arguments("GET /a/b?c HTTP/1.1", "400"),
        arguments("OPTIONS * HTTP/1.1", "400"),
        arguments("GET http://example.com/ HTTP/1.1", "ok"),
        arguments("GET / HTTP/1.0", "ok"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void empty_host_by_target_form(String requestLine, String expected) throws Exception {
    assertThat(outcome(requestLine + "\r\nHost: \r\n\r\n")).isEqualTo(expected);
  }

  private static String outcome(String raw) throws Exception {
    var head =
        new RequestHeadParser(HttpLimits.defaults())
            .parse(
                new HttpInput(
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), 1024));
    String actual;
    try {
      HostHeader.check(head);
      actual = "ok";
    } catch (HttpProtocolException e) {
      actual = String.valueOf(e.status());
    }
    return actual;
  }
}
