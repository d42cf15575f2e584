package dev.mtserver.http.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9112 §6 framing, one family of smuggling vectors per table. Each row is the header lines of a
 * POST; the outcome is the framing chosen or the status the request is refused with.
 */
class BodyFramingTest {

  /** "none", "fixed N", "chunked", or the status of the refusal. */
  private static String framing(String version, String fields) throws IOException {
    try {
      RequestHead head = Wire.head("POST / " + version + "\r\nHost: a\r\n" + fields + "\r\n");
      return switch (BodyFraming.of(head)) {
        case BodyFraming.None none -> "none";
        case BodyFraming.Fixed fixed -> "fixed " + fixed.length();
        case BodyFraming.Chunked chunked -> "chunked";
      };
    } catch (HttpProtocolException e) {
      return String.valueOf(e.status());
    }
  }

  private static String framing(String fields) throws IOException {
    return framing("HTTP/1.1", fields);
  }

  static Stream<Arguments> cl_te_and_te_cl() {
    return Stream.of(
        arguments("CL.TE", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "400"),
        arguments("TE.CL", "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", "400"),
        arguments("CL.TE with CL 0", "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n", "400"),
        arguments(
            "TE.CL with an unknown coding",
            "Transfer-Encoding: gzip\r\nContent-Length: 4\r\n",
            "400"),
        arguments(
            "CL.TE with a disguised TE",
            "Content-Length: 4\r\nTransfer-Encoding: xchunked\r\n",
            "400"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void cl_te_and_te_cl(String name, String fields, String expected) throws IOException {
    assertThat(framing(fields)).isEqualTo(expected);
  }

  static Stream<Arguments> te_te() {
    return Stream.of(
        arguments("chunked", "Transfer-Encoding: chunked\r\n", "chunked"),
        arguments("lower-case field name", "transfer-encoding: chunked\r\n", "chunked"),
        arguments("xchunked", "Transfer-Encoding: xchunked\r\n", "501"),
        arguments("chunkedx", "Transfer-Encoding: chunkedx\r\n", "501"),
        arguments("gzip", "Transfer-Encoding: gzip\r\n", "501"),
        arguments("identity", "Transfer-Encoding: identity\r\n", "501"),
        arguments("gzip then chunked", "Transfer-Encoding: gzip, chunked\r\n", "501"),
        arguments("chunked then gzip (not last)", "Transfer-Encoding: chunked, gzip\r\n", "400"),
        arguments("trailing space", "Transfer-Encoding: chunked \r\n", "400"),
        arguments("leading tab", "Transfer-Encoding:\tchunked\r\n", "400"),
        arguments("trailing tab", "Transfer-Encoding: chunked\t\r\n", "400"),
        arguments("Chunked", "Transfer-Encoding: Chunked\r\n", "400"),
        arguments("CHUNKED", "Transfer-Encoding: CHUNKED\r\n", "400"),
        arguments("trailing comma", "Transfer-Encoding: chunked,\r\n", "400"),
        arguments("leading comma", "Transfer-Encoding: ,chunked\r\n", "400"),
        arguments("empty list element", "Transfer-Encoding: gzip,,chunked\r\n", "400"),
        arguments("chunked twice in one line", "Transfer-Encoding: chunked, chunked\r\n", "400"),
        arguments(
            "chunked in two lines",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
            "400"),
        arguments(
            "gzip and chunked in two lines",
            "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
            "400"),
        arguments("chunked with a parameter", "Transfer-Encoding: chunked;q=1\r\n", "400"),
        arguments("quoted chunked", "Transfer-Encoding: \"chunked\"\r\n", "400"),
        arguments("space inside", "Transfer-Encoding: chun ked\r\n", "400"),
        arguments("vertical tab after", "Transfer-Encoding: chunked\u000b\r\n", "400"),
        arguments("non-ASCII look-alike", "Transfer-Encoding: chunk\u00e9d\r\n", "400"),
        arguments("empty value", "Transfer-Encoding:\r\n", "400"),
        arguments(
            "a different header that only looks similar", "Transfer_Encoding: chunked\r\n", "none"),
        arguments("space before the colon", "Transfer-Encoding : chunked\r\n", "400"),
        arguments("obs-fold", "Transfer-Encoding:\r\n chunked\r\n", "400"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void te_te(String name, String fields, String expected) throws IOException {
    assertThat(framing(fields)).isEqualTo(expected);
  }

  static Stream<Arguments> content_length() {
    return Stream.of(
        arguments("no framing fields", "", "none"),
        arguments("zero", "Content-Length: 0\r\n", "none"),
        arguments("five", "Content-Length: 5\r\n", "fixed 5"),
        arguments("leading zeros", "Content-Length: 0005\r\n", "fixed 5"),
        arguments(
            "18 digits", "Content-Length: 999999999999999999\r\n", "fixed 999999999999999999"),
        arguments("19 digits (overflow guard)", "Content-Length: 9999999999999999999\r\n", "400"),
        arguments("larger than a long", "Content-Length: 99999999999999999999999\r\n", "400"),
        arguments(
            "equal duplicates collapse (CL.CL)",
            "Content-Length: 5\r\nContent-Length: 5\r\n",
            "fixed 5"),
        arguments(
            "equal duplicates spelled differently",
            "Content-Length: 5\r\ncontent-length: 005\r\n",
            "fixed 5"),
        arguments(
            "different duplicates (CL.CL)", "Content-Length: 5\r\nContent-Length: 6\r\n", "400"),
        arguments("a list in one line", "Content-Length: 5, 5\r\n", "400"),
        arguments("a list without space", "Content-Length: 5,5\r\n", "400"),
        arguments("plus sign", "Content-Length: +5\r\n", "400"),
        arguments("minus sign", "Content-Length: -1\r\n", "400"),
        arguments("hex", "Content-Length: 0x5\r\n", "400"),
        arguments("decimal point", "Content-Length: 5.0\r\n", "400"),
        arguments("exponent", "Content-Length: 1e3\r\n", "400"),
        arguments("underscore", "Content-Length: 1_0\r\n", "400"),
        arguments("letters", "Content-Length: five\r\n", "400"),
        arguments("space inside", "Content-Length: 1 0\r\n", "400"),
        arguments("non-ASCII digit", "Content-Length: \u00b5\r\n", "400"),
        arguments("empty", "Content-Length:\r\n", "400"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void content_length(String name, String fields, String expected) throws IOException {
    assertThat(framing(fields)).isEqualTo(expected);
  }

  static Stream<Arguments> http_1_0() {
    return Stream.of(
        arguments("Content-Length", "Content-Length: 5\r\n", "fixed 5"),
        arguments("Transfer-Encoding", "Transfer-Encoding: chunked\r\n", "400"),
        arguments(
            "Transfer-Encoding with Content-Length",
            "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
            "400"),
        arguments(
            "Transfer-Encoding with an unknown coding", "Transfer-Encoding: gzip\r\n", "400"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void http_1_0(String name, String fields, String expected) throws IOException {
    assertThat(framing("HTTP/1.0", fields)).isEqualTo(expected);
  }
}
