package dev.mtserver.http.codec;

import static dev.mtserver.http.codec.Wire.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkedBodyStreamTest {

  /** The decoded body as text, "incomplete", or the status of the refusal. */
  private static String decode(String wire) {
    return decode(Wire.input(wire), HttpLimits.defaults());
  }

  private static String decode(HttpInput input, HttpLimits limits) {
    try (InputStream body = new ChunkedBodyStream(input, limits)) {
      return new String(body.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (MalformedBodyException e) {
      return String.valueOf(e.status());
    } catch (IncompleteBodyException e) {
      return "incomplete";
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static Stream<Arguments> chunk_sizes() {
    return Stream.of(
        arguments("one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello"),
        arguments("two chunks", "5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n", "hello!"),
        arguments("upper-case hex", "A\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
        arguments("lower-case hex", "a\r\n0123456789\r\n0\r\n\r\n", "0123456789"),
        arguments("leading zeros", "0005\r\nhello\r\n000\r\n\r\n", "hello"),
        arguments("empty body", "0\r\n\r\n", ""),
        arguments("0x prefix", "0x5\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("underscore", "1_0\r\n0123456789abcdef\r\n0\r\n\r\n", "400"),
        arguments("plus sign", "+5\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("minus sign", "-5\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("empty size", "\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("leading space", " 5\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("trailing space", "5 \r\nhello\r\n0\r\n\r\n", "400"),
        arguments("trailing tab", "5\t\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("not hex", "g\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("non-ASCII digit", "\u0665\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("16 hex digits (largest accepted)", "7fffffffffffffff\r\nhello", "incomplete"),
        arguments(
            "overflow: 16 digits above a long", "8000000000000000\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("overflow: 17 digits", "10000000000000000\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("overflow: very long", repeat('f', 40) + "\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("zeros do not overflow", repeat('0', 40) + "5\r\nhello\r\n0\r\n\r\n", "hello"),
        arguments("bare LF after the size", "5\nhello\r\n0\r\n\r\n", "400"),
        arguments("bare CR after the size", "5\rhello\r\n0\r\n\r\n", "400"),
        arguments("NUL in the size line", "5\u0000\r\nhello\r\n0\r\n\r\n", "400"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void chunk_sizes(String name, String wire, String expected) {
    assertThat(decode(wire)).isEqualTo(expected);
  }

  static Stream<Arguments> chunk_data() {
    return Stream.of(
        arguments("chunk overrun: more data than its size", "3\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("chunk underrun: less data than its size", "7\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("data ended by a bare LF", "5\r\nhello\n0\r\n\r\n", "400"),
        arguments("data ended by a bare CR", "5\r\nhello\r0\r\n\r\n", "400"),
        arguments("data without any CRLF", "5\r\nhello0\r\n\r\n", "400"),
        arguments("stream ends inside data", "5\r\nhel", "incomplete"),
        arguments("stream ends after data", "5\r\nhello", "incomplete"),
        arguments("stream ends after a chunk", "5\r\nhello\r\n", "incomplete"),
        arguments("stream ends inside a size line", "5", "incomplete"),
        arguments("stream ends after the last chunk", "0\r\n", "incomplete"),
        arguments("stream ends inside the trailers", "0\r\nX-A: b\r\n", "incomplete"),
        arguments("binary data is kept", "3\r\n\r\n\u0000\r\n0\r\n\r\n", "\r\n\u0000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void chunk_data(String name, String wire, String expected) {
    assertThat(decode(wire)).isEqualTo(expected);
  }

  static Stream<Arguments> chunk_extensions() {
    return Stream.of(
        arguments("name only", "5;ext\r\nhello\r\n0\r\n\r\n", "hello"),
        arguments("name and token", "5;name=value\r\nhello\r\n0\r\n\r\n", "hello"),
        arguments(
            "quoted value", "5;name=\"a value; with \\\" stuff\"\r\nhello\r\n0\r\n\r\n", "hello"),
        arguments("several", "5;a=1;b;c=\"x\"\r\nhello\r\n0\r\n\r\n", "hello"),
        arguments("whitespace around ; and =", "5 ; a = 1 ;b\r\nhello\r\n0\r\n\r\n", "hello"),
        arguments("on the last chunk", "5\r\nhello\r\n0;last\r\n\r\n", "hello"),
        arguments("empty name", "5;\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("empty name before =", "5;=x\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("missing value", "5;a=\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("space inside a value", "5;a=b c\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("whitespace before CRLF", "5;a=b \r\nhello\r\n0\r\n\r\n", "400"),
        arguments("unterminated quote", "5;a=\"open\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("NUL in a quoted value", "5;a=\"x\u0000\"\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("bare LF in an extension", "5;a\nhello\r\n0\r\n\r\n", "400"),
        arguments("bare CR in an extension", "5;a\rb\r\nhello\r\n0\r\n\r\n", "400"),
        arguments("non-token name", "5;a@b\r\nhello\r\n0\r\n\r\n", "400"),
        arguments(
            "line at its limit", "5;" + repeat('a', 4096 - 2) + "\r\nhello\r\n0\r\n\r\n", "hello"),
        arguments(
            "line over its limit", "5;" + repeat('a', 4096 - 1) + "\r\nhello\r\n0\r\n\r\n", "400"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void chunk_extensions(String name, String wire, String expected) {
    assertThat(decode(wire)).isEqualTo(expected);
  }

  static Stream<Arguments> trailers() {
    return Stream.of(
        arguments("one trailer", "5\r\nhello\r\n0\r\nX-Sum: abc\r\n\r\n", "hello"),
        arguments("several trailers", "5\r\nhello\r\n0\r\nA: 1\r\nB:2\r\nC:\r\n\r\n", "hello"),
        arguments("trailer with obs-text", "0\r\nX-A: caf\u00e9\r\n\r\n", ""),
        arguments("obs-fold", "0\r\nX-A: one\r\n two\r\n\r\n", "400"),
        arguments("space before the colon", "0\r\nX-A : b\r\n\r\n", "400"),
        arguments("no colon", "0\r\nX-A\r\n\r\n", "400"),
        arguments("empty name", "0\r\n: b\r\n\r\n", "400"),
        arguments("bare LF ending a trailer", "0\r\nX-A: b\nX-B: c\r\n\r\n", "400"),
        arguments("bare LF ending the section", "0\r\nX-A: b\r\n\n", "400"),
        arguments("bare CR in a trailer", "0\r\nX-A: b\rc\r\n\r\n", "400"),
        arguments("NUL in a trailer", "0\r\nX-A: b\u0000\r\n\r\n", "400"),
        arguments("trailers at their limit", "0\r\nX-A: " + repeat('v', 8192 - 7) + "\r\n\r\n", ""),
        arguments(
            "trailers over their limit", "0\r\nX-A: " + repeat('v', 8192 - 6) + "\r\n\r\n", "431"),
        arguments("endless trailers", "0\r\n" + "X-A: b\r\n".repeat(5000), "431"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void trailers(String name, String wire, String expected) {
    assertThat(decode(wire)).isEqualTo(expected);
  }

  @Test
  void a_body_made_mostly_of_chunk_metadata_is_refused() {
    String chunk = "1;" + repeat('x', 1000) + "\r\na\r\n";

    assertThat(decode(chunk.repeat(10) + "0\r\n\r\n")).isEqualTo("a".repeat(10));
    assertThat(decode(chunk.repeat(100) + "0\r\n\r\n")).isEqualTo("400");
  }

  @Test
  void many_small_chunks_without_extensions_are_fine() {
    assertThat(decode("1\r\na\r\n".repeat(100_000) + "0\r\n\r\n")).hasSize(100_000);
  }

  @Test
  void bytes_after_the_body_stay_for_the_next_request() throws IOException {
    HttpInput input = Wire.input("5\r\nhello\r\n0\r\nX-T: 1\r\n\r\nGET / HTTP/1.1\r\n");

    assertThat(decode(input, HttpLimits.defaults())).isEqualTo("hello");
    assertThat(
            new String(
                new FixedLengthBodyStream(input, 16).readAllBytes(), StandardCharsets.US_ASCII))
        .isEqualTo("GET / HTTP/1.1\r\n");
  }

  @Test
  void reading_in_small_steps_gives_the_same_body() throws IOException {
    String wire = "5;x=y\r\nhello\r\n10\r\n0123456789abcdef\r\n0\r\nX: y\r\n\r\n";
    ChunkedBodyStream body = new ChunkedBodyStream(Wire.trickle(wire, 1), HttpLimits.defaults());
    StringBuilder out = new StringBuilder();
    byte[] two = new byte[2];
    for (int n; (n = body.read(two, 0, 2)) >= 0; ) {
      out.append(new String(two, 0, n, StandardCharsets.US_ASCII));
    }

    assertThat(out).hasToString("hello0123456789abcdef");
    assertThat(body.isComplete()).isTrue();
  }

  @Test
  void after_an_error_every_read_fails_the_same_way() throws IOException {
    ChunkedBodyStream body = new ChunkedBodyStream(Wire.input("zz\r\n"), HttpLimits.defaults());

    assertThatThrownBy(body::read).isInstanceOf(MalformedBodyException.class);
    assertThatThrownBy(body::read).isInstanceOf(MalformedBodyException.class);
    assertThatThrownBy(() -> body.discard(100)).isInstanceOf(MalformedBodyException.class);
  }

  @Test
  void discard_reads_to_the_end_within_its_bound_and_gives_up_beyond_it() throws IOException {
    String wire = "400\r\n" + repeat('x', 1024) + "\r\n0\r\n\r\n";

    assertThat(new ChunkedBodyStream(Wire.input(wire), HttpLimits.defaults()).discard(1024))
        .isTrue();
    assertThat(new ChunkedBodyStream(Wire.input(wire), HttpLimits.defaults()).discard(1023))
        .isFalse();
  }
}
