package dev.mtserver.http.codec.form;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.memory.MemoryLease;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import dev.mtserver.http.testing.Allocations;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UrlEncodedFormDecoderTest {

  private static FormParameter p(String name, String value) {
    return new FormParameter(name, value);
  }

  static Stream<Arguments> valid_bodies() {
    return Stream.of(
        Arguments.of("one pair", "a=1", List.of(p("a", "1"))),
        Arguments.of(
            "repeated names kept in order",
            "t=x&a=1&t=y",
            List.of(p("t", "x"), p("a", "1"), p("t", "y"))),
        Arguments.of("plus is a space", "q=hello+world", List.of(p("q", "hello world"))),
        Arguments.of("encoded plus stays a plus", "q=1%2B1", List.of(p("q", "1+1"))),
        Arguments.of(
            "percent-encoded UTF-8", "n=Zo%C3%AB&e=%E2%82%AC", List.of(p("n", "Zoë"), p("e", "€"))),
        Arguments.of("lower-case hex", "n=%c3%a9", List.of(p("n", "é"))),
        Arguments.of(
            "raw UTF-8 bytes",
            "n=" + new String("日本".getBytes(java.nio.charset.StandardCharsets.UTF_8), ISO_8859_1),
            List.of(p("n", "日本"))),
        Arguments.of("encoded line breaks kept", "m=a%0D%0Ab", List.of(p("m", "a\r\nb"))),
        Arguments.of("encoded ampersand and equals", "k%3D=v%26w", List.of(p("k=", "v&w"))),
        Arguments.of("second equals belongs to the value", "a=b=c", List.of(p("a", "b=c"))),
        Arguments.of(
            "name without equals has an empty value",
            "flag&a=1",
            List.of(p("flag", ""), p("a", "1"))),
        Arguments.of("empty value", "a=", List.of(p("a", ""))),
        Arguments.of("empty name", "=v", List.of(p("", "v"))),
        Arguments.of("empty pairs skipped", "&&a=1&&b=2&", List.of(p("a", "1"), p("b", "2"))),
        Arguments.of("empty body", "", List.of()),
        Arguments.of("encoded NUL is data", "z=%00", List.of(p("z", "\u0000"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid_bodies")
  void decodes_valid_bodies(String rule, String body, List<FormParameter> expected)
      throws Exception {
    assertThat(decode(body, FormLimits.defaults())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}, one byte per read")
  @MethodSource("valid_bodies")
  void decodes_the_same_when_bytes_trickle_in(
      String rule, String body, List<FormParameter> expected) throws Exception {
    InputStream oneByte =
        new FilterInputStream(new ByteArrayInputStream(body.getBytes(ISO_8859_1))) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
          }
        };
    assertThat(UrlEncodedFormDecoder.decode(oneByte, FormLimits.defaults())).isEqualTo(expected);
  }

  static Stream<Arguments> invalid_bodies() {
    return Stream.of(
        Arguments.of("percent without digits", "a=%", 400),
        Arguments.of("percent with one digit", "a=%4", 400),
        Arguments.of("percent with one digit then more", "a=%4&b=1", 400),
        Arguments.of("percent with non-hex", "a=%zz", 400),
        Arguments.of("percent-encoded invalid UTF-8", "a=%FF", 400),
        Arguments.of("overlong UTF-8 slash", "a=%C0%AF", 400),
        Arguments.of("encoded lone surrogate", "a=%ED%A0%80", 400),
        Arguments.of("truncated UTF-8 sequence", "a=%E2%82", 400),
        Arguments.of("raw invalid UTF-8", "a=\u00ff", 400),
        Arguments.of("raw CR LF", "a=1\r\n", 400),
        Arguments.of("raw NUL", "a=\u0000", 400),
        Arguments.of("raw TAB", "a=\t", 400),
        Arguments.of("raw DEL", "a=\u007f", 400));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("invalid_bodies")
  void refuses_malformed_bodies(String rule, String body, int status) {
    assertThatThrownBy(() -> decode(body, FormLimits.defaults()))
        .isInstanceOfSatisfying(
            HttpProtocolException.class, e -> assertThat(e.status()).isEqualTo(status));
  }

  @Test
  void a_body_over_the_byte_limit_is_413() throws Exception {
    FormLimits limits = new FormLimits(10, 100);

    assertThat(decode("a=12345678", limits)).containsExactly(p("a", "12345678"));
    assertThatThrownBy(() -> decode("a=123456789", limits))
        .isInstanceOfSatisfying(
            HttpProtocolException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void more_pairs_than_allowed_is_413() throws Exception {
    FormLimits limits = new FormLimits(1000, 3);

    assertThat(decode("a&b&c", limits)).hasSize(3);
    assertThatThrownBy(() -> decode("a&b&c&d", limits))
        .isInstanceOfSatisfying(
            HttpProtocolException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  private static List<FormParameter> decode(String body, FormLimits limits) throws Exception {
    return UrlEncodedFormDecoder.decode(
        new ByteArrayInputStream(body.getBytes(ISO_8859_1)), limits);
  }

  @Test
  void a_form_reserves_its_cost_as_it_arrives_and_holds_it_until_its_lease_closes()
      throws Exception {
    MemoryBudget budget = MemoryBudget.of(1 << 20);
    byte[] body = ("a=" + "x".repeat(10_000)).getBytes(ISO_8859_1);
    try (MemoryLease lease = budget.lease()) {
      UrlEncodedFormDecoder.decode(
          new ByteArrayInputStream(body), FormLimits.defaults(), lease, body.length);

      assertThat(budget.inUse()).isEqualTo(8192 + (long) MemoryBudget.TEXT_BYTE_COST * body.length);
    }
    assertThat(budget.inUse()).isZero();
  }

  @Test
  void a_form_the_budget_cannot_take_in_stops_there_and_reads_no_further() throws Exception {
    MemoryBudget budget = MemoryBudget.of(100_000);
    byte[] body = ("a=" + "x".repeat(500_000)).getBytes(ISO_8859_1);
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    try (MemoryLease lease = budget.lease()) {
      assertThatThrownBy(
              () -> UrlEncodedFormDecoder.decode(in, FormLimits.defaults(), lease, body.length))
          .isInstanceOf(RequestMemoryExhaustedException.class);
      assertThat(budget.inUse()).isLessThanOrEqualTo(100_000);
    }
    assertThat(in.available()).as("the rest was never read").isGreaterThan(400_000);
    assertThat(budget.inUse()).isZero();
    assertThat(budget.refusals()).isEqualTo(1);
  }

  /**
   * Issue 13, finding 3: a 530 KB field used to grow its buffer by doubling to 1 MiB (the form
   * limit), then decode through a char buffer of twice its size: about seven times its size in
   * allocations, half of it held at once. Now its buffer stops at the body's length and the string
   * is made from the bytes directly.
   */
  @Test
  void a_large_field_grows_its_buffer_no_further_than_the_body_it_is_in() throws Exception {
    int size = 530_000;
    byte[] body = ("a=" + "x".repeat(size - 2)).getBytes(ISO_8859_1);
    List<FormParameter> decoded = new java.util.ArrayList<>();
    decode(
        "warm=up", FormLimits.defaults()); // classes loaded and initialized outside the measurement

    long allocated =
        Allocations.of(
            () ->
                decoded.addAll(
                    UrlEncodedFormDecoder.decode(
                        new ByteArrayInputStream(body),
                        FormLimits.defaults(),
                        MemoryBudget.unbounded().lease(),
                        body.length)));

    assertThat(decoded)
        .singleElement()
        .extracting(FormParameter::value)
        .asString()
        .hasSize(size - 2);
    assertThat(allocated).as("bytes allocated for a %d-byte field", size).isLessThan(5L * size);
  }
}
