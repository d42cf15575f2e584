package dev.mtserver.http.codec;

import static dev.mtserver.http.codec.Wire.outcome;
import static dev.mtserver.http.codec.Wire.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestHeadParserTest {

  private static final String HOST = "Host: example.com\r\n";

  static Stream<Arguments> request_lines() {
    return Stream.of(
        arguments("plain GET", "GET / HTTP/1.1\r\n", "ok"),
        arguments("HTTP/1.0", "GET / HTTP/1.0\r\n", "ok"),
        arguments("unknown but well-formed method", "BREW /pot HTTP/1.1\r\n", "ok"),
        arguments("one empty line first", "\r\nGET / HTTP/1.1\r\n", "ok"),
        arguments("eight empty lines first", "\r\n".repeat(8) + "GET / HTTP/1.1\r\n", "ok"),
        arguments("nine empty lines first", "\r\n".repeat(9) + "GET / HTTP/1.1\r\n", "400"),
        arguments("bare LF as the empty line", "\nGET / HTTP/1.1\r\n", "400"),
        arguments("two spaces after the method", "GET  / HTTP/1.1\r\n", "400"),
        arguments("two spaces before the version", "GET /  HTTP/1.1\r\n", "400"),
        arguments("space at the end", "GET / HTTP/1.1 \r\n", "400"),
        arguments("space at the start", " GET / HTTP/1.1\r\n", "400"),
        arguments("tab as separator", "GET\t/ HTTP/1.1\r\n", "400"),
        arguments("no version (HTTP/0.9)", "GET /\r\n", "400"),
        arguments("only a method", "GET\r\n", "400"),
        arguments("space inside the target", "GET /a b HTTP/1.1\r\n", "400"),
        arguments("method with a non-token char", "G@T / HTTP/1.1\r\n", "400"),
        arguments("method with a non-ASCII byte", "G\u00c9T / HTTP/1.1\r\n", "400"),
        arguments("target with obs-text", "GET /caf\u00e9 HTTP/1.1\r\n", "400"),
        arguments("target with DEL", "GET /a\u007f HTTP/1.1\r\n", "400"),
        arguments("NUL in the target", "GET /a\u0000b HTTP/1.1\r\n", "400"),
        arguments("NUL in the method", "G\u0000T / HTTP/1.1\r\n", "400"),
        arguments("version in lower case", "GET / http/1.1\r\n", "400"),
        arguments("version without minor", "GET / HTTP/1\r\n", "400"),
        arguments("version with two-digit minor", "GET / HTTP/1.10\r\n", "400"),
        arguments("version 2.0", "GET / HTTP/2.0\r\n", "505"),
        arguments("version 1.2", "GET / HTTP/1.2\r\n", "505"),
        arguments("version 0.9", "GET / HTTP/0.9\r\n", "505"),
        arguments("version 3.0", "GET / HTTP/3.0\r\n", "505"),
        arguments("garbage version", "GET / HTTP/x.y\r\n", "400"),
        arguments("bare LF after the request line", "GET / HTTP/1.1\n", "400"),
        arguments("bare CR after the request line", "GET / HTTP/1.1\rHost: a\r\n", "400"),
        arguments("CR inside the request line", "GET /\r/ HTTP/1.1\r\n", "400"),
        arguments("vertical tab", "GET /\u000b HTTP/1.1\r\n", "400"),
        arguments("form feed", "GET / HTTP/1.1\f\r\n", "400"),
        arguments("escape char", "GET /\u001b[0m HTTP/1.1\r\n", "400"),
        arguments(
            "TLS handshake bytes",
            "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003",
            "400"),
        arguments(
            "request line at the limit", "GET /" + repeat('a', 8192 - 14) + " HTTP/1.1\r\n", "ok"),
        arguments(
            "request line over the limit",
            "GET /" + repeat('a', 8192 - 13) + " HTTP/1.1\r\n",
            "414"),
        arguments("endless request line", "GET /" + repeat('a', 100_000), "414"),
        // RFC 9112 §3: a method longer than any implemented is 501, whatever the line's length;
        // 414 is about the target, which such a request never reached
        arguments("method over the line limit", repeat('A', 9000) + " / HTTP/1.1\r\n", "501"),
        arguments("endless method", repeat('A', 100_000), "501"),
        arguments(
            "over-long line whose method has a bad byte",
            "G@" + repeat('A', 9000) + " / HTTP/1.1\r\n",
            "400"),
        arguments(
            "short method, target over the limit",
            "BREW /" + repeat('a', 9000) + " HTTP/1.1\r\n",
            "414"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void request_lines(String name, String requestLine, String expected) throws IOException {
    String raw = requestLine.endsWith("\r\n") ? requestLine + HOST + "\r\n" : requestLine;
    assertThat(outcome(raw)).isEqualTo(expected);
  }

  static Stream<Arguments> field_lines() {
    return Stream.of(
        arguments("plain field", "Accept: */*\r\n", "ok"),
        arguments("no space after the colon", "Accept:*/*\r\n", "ok"),
        arguments("empty value", "X-Empty:\r\n", "ok"),
        arguments("tab inside a value", "X-Tab: a\tb\r\n", "ok"),
        arguments("obs-text in a value", "X-Name: caf\u00e9\r\n", "ok"),
        arguments("every token char in a name", "!#$%&'*+-.^_`|~09azAZ: v\r\n", "ok"),
        arguments("space before the colon", "Accept : */*\r\n", "400"),
        arguments("tab before the colon", "Accept\t: */*\r\n", "400"),
        arguments("space inside the name", "Acc ept: */*\r\n", "400"),
        arguments("empty name", ": value\r\n", "400"),
        arguments("no colon", "Accept\r\n", "400"),
        arguments("obs-fold with a space", "X-A: one\r\n two\r\n", "400"),
        arguments("obs-fold with a tab", "X-A: one\r\n\ttwo\r\n", "400"),
        arguments("whitespace before the first field", " Accept: */*\r\n", "400"),
        arguments("NUL in a value", "X-A: a\u0000b\r\n", "400"),
        arguments("NUL in a name", "X-\u0000A: b\r\n", "400"),
        arguments("bare CR in a value", "X-A: a\rb\r\n", "400"),
        arguments("bare CR ending a line", "X-A: a\rX-B: b\r\n", "400"),
        arguments("bare LF ending a line", "X-A: a\nX-B: b\r\n", "400"),
        arguments("bare LF as the last empty line", "X-A: a\r\n\n", "400"),
        arguments("DEL in a value", "X-A: a\u007fb\r\n", "400"),
        arguments("other control char in a value", "X-A: a\u0001b\r\n", "400"),
        arguments("non-ASCII byte in a name", "X-\u00e9: b\r\n", "400"),
        arguments("quote in a name", "X-\"A\": b\r\n", "400"),
        arguments("field line at the limit", "X-A: " + repeat('v', 8192 - 5) + "\r\n", "ok"),
        arguments("field line over the limit", "X-A: " + repeat('v', 8192 - 4) + "\r\n", "431"),
        arguments("99 more fields (100 in all)", "X-A: b\r\n".repeat(99), "ok"),
        arguments("100 more fields (101 in all)", "X-A: b\r\n".repeat(100), "431"),
        arguments(
            "header block over 32 KiB", ("X-A: " + repeat('v', 4000) + "\r\n").repeat(9), "431"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void field_lines(String name, String fields, String expected) throws IOException {
    assertThat(outcome("GET / HTTP/1.1\r\n" + HOST + fields + "\r\n")).isEqualTo(expected);
  }

  static Stream<Arguments> framing_field_whitespace() {
    return Stream.of(
        arguments("Content-Length: 5", "ok"),
        arguments("Content-Length:5", "ok"),
        arguments("content-length: 5", "ok"),
        arguments("Content-Length:  5", "400"),
        arguments("Content-Length: 5 ", "400"),
        arguments("Content-Length:\t5", "400"),
        arguments("Content-Length: 5\t", "400"),
        arguments("Content-Length:", "400"),
        arguments("Content-Length: ", "400"),
        arguments("Transfer-Encoding: chunked", "ok"),
        arguments("Transfer-Encoding:chunked", "ok"),
        arguments("Transfer-Encoding: chunked ", "400"),
        arguments("Transfer-Encoding:\tchunked", "400"),
        arguments("Transfer-Encoding: chunked\t", "400"),
        arguments("Transfer-Encoding:  chunked", "400"),
        arguments("Transfer-Encoding: gzip,\tchunked", "400"),
        arguments("Transfer-Encoding:", "400"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void framing_field_whitespace(String field, String expected) throws IOException {
    assertThat(outcome("POST / HTTP/1.1\r\n" + HOST + field + "\r\n\r\n")).isEqualTo(expected);
  }

  static Stream<Arguments> incomplete_heads() {
    return Stream.of(
        arguments("nothing at all", "", "end"),
        arguments("only empty lines", "\r\n\r\n", "end"),
        arguments("half a request line", "GET / HT", "400"),
        arguments("request line, no fields, no end", "GET / HTTP/1.1\r\n", "400"),
        arguments("fields without the empty line", "GET / HTTP/1.1\r\nHost: a\r\n", "400"),
        arguments("CR without its LF at the end", "GET / HTTP/1.1\r\nHost: a\r\n\r", "400"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void incomplete_heads(String name, String raw, String expected) throws IOException {
    assertThat(outcome(raw)).isEqualTo(expected);
  }

  @Test
  void a_parsed_head_has_method_target_version_and_fields_in_order() throws Exception {
    RequestHead head =
        Wire.head(
            "GET /a%20b?q=1 HTTP/1.1\r\nHost:  example.com \r\nAccept: text/html\r\n"
                + "X-Dup: one\r\nx-dup: two\r\nX-Empty:\r\n\r\n");

    assertThat(head.method()).isEqualTo("GET");
    assertThat(head.target()).isEqualTo("/a%20b?q=1");
    assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_1);
    HttpFields fields = head.fields();
    assertThat(fields.size()).isEqualTo(5);
    assertThat(fields.name(0)).isEqualTo("Host");
    assertThat(fields.value(0)).isEqualTo("example.com");
    assertThat(fields.all("X-DUP")).containsExactly("one", "two");
    assertThat(fields.name(3)).isEqualTo("x-dup");
    assertThat(fields.first("x-empty")).contains("");
  }

  @Test
  void the_method_is_case_sensitive_and_kept_as_sent() throws Exception {
    assertThat(Wire.head("get / HTTP/1.1\r\nHost: a\r\n\r\n").method()).isEqualTo("get");
  }

  @Test
  void a_head_arriving_one_byte_at_a_time_parses_the_same() throws Exception {
    String raw = "\r\nPOST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
    RequestHead head = new RequestHeadParser(HttpLimits.defaults()).parse(Wire.trickle(raw, 1));

    assertThat(head.method()).isEqualTo("POST");
    assertThat(head.fields().first("Content-Length")).contains("3");
  }

  @Test
  void pipelined_heads_are_parsed_one_after_the_other_and_the_bytes_between_are_kept()
      throws Exception {
    HttpInput input =
        Wire.input(
            "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
                + "GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
    RequestHeadParser parser = new RequestHeadParser(HttpLimits.defaults());

    RequestHead first = parser.parse(input);
    byte[] body = new byte[2];
    assertThat(new FixedLengthBodyStream(input, 2).readNBytes(body, 0, 2)).isEqualTo(2);
    RequestHead second = parser.parse(input);

    assertThat(first.target()).isEqualTo("/a");
    assertThat(new String(body, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hi");
    assertThat(second.target()).isEqualTo("/b");
    assertThat(parser.parse(input)).isNull();
  }

  @Test
  void fields_of_an_earlier_request_refuse_to_be_read_once_the_next_one_is_parsed()
      throws Exception {
    HttpInput input =
        Wire.input("GET /a HTTP/1.1\r\nHost: first\r\n\r\nGET /b HTTP/1.1\r\nHost: second\r\n\r\n");
    RequestHeadParser parser = new RequestHeadParser(HttpLimits.defaults());
    RequestHead first = parser.parse(input);
    String keptWhileHandling = first.fields().first("Host").orElseThrow();

    RequestHead second = parser.parse(input);

    assertThat(keptWhileHandling).isEqualTo("first");
    assertThat(second.fields().first("Host")).contains("second");
    assertThatThrownBy(() -> first.fields().first("Host"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void limits_come_from_the_record_passed_in() throws Exception {
    HttpLimits tight = new HttpLimits(64, 64, 128, 2, 16, 0, 0);

    assertThat(outcome("GET /" + repeat('a', 60) + " HTTP/1.1\r\nHost: a\r\n\r\n", tight))
        .isEqualTo("414");
    assertThat(outcome("GET / HTTP/1.1\r\nHost: a\r\nA: b\r\nC: d\r\n\r\n", tight))
        .isEqualTo("431");
    assertThat(outcome("GET / HTTP/1.1\r\nHost: a\r\nA: " + repeat('b', 70) + "\r\n\r\n", tight))
        .isEqualTo("431");
  }
}
