package dev.mtserver.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.grammar.PercentDecoder.MalformedEscapeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PercentDecoderTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "abc,616263",
    "%41,41",
    "%2f%2F,2f2f",
    "%00,00",
    "%ff%FE,fffe",
    "%252e,253265",
    "a%20b,612062"
  })
  void each_escape_is_one_byte_decoded_once(String text, String hex)
      throws MalformedEscapeException {
    assertThat(HexFormat.of().formatHex(decode(text))).isEqualTo(hex);
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%2", "a%", "%zz", "%2g", "%%30", "%\uff11\uff11", "% 20"})
  void a_percent_without_two_hex_digits_is_malformed(String text) {
    assertThatThrownBy(() -> decode(text)).isInstanceOf(MalformedEscapeException.class);
  }

  /** Fed in any two pieces (as a form body arrives in blocks), the bytes are the same. */
  @Property(tries = 500)
  void an_escape_may_straddle_two_blocks(@ForAll byte[] data) throws MalformedEscapeException {
    StringBuilder encoded = new StringBuilder();
    for (byte b : data) {
      encoded.append('%').append(HexFormat.of().toHexDigits(b));
    }
    assertThat(decode(encoded.toString())).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(ints = {'a', '+', '/'})
  void only_a_percent_begins_an_escape(int c) {
    assertThatThrownBy(() -> new PercentDecoder().accept(c))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void an_escape_can_be_checked_where_it_stands_without_decoding() {
    assertThat(PercentDecoder.isEscapeAt("a%2Fb", 1, 5)).isTrue();
    assertThat(PercentDecoder.isEscapeAt("a%2Fb", 1, 3)).as("cut off by the end given").isFalse();
    assertThat(PercentDecoder.isEscapeAt("a%2", 1, 3)).isFalse();
    assertThat(PercentDecoder.isEscapeAt("a%zz", 1, 4)).isFalse();
    assertThat(PercentDecoder.isEscapeAt("a+2F", 1, 4)).isFalse();
  }

  private static byte[] decode(String text) throws MalformedEscapeException {
    PercentDecoder percent = new PercentDecoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' || percent.inEscape()) {
        if (percent.accept(c)) {
          out.write(percent.decoded());
        }
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    percent.end();
    return out.toByteArray();
  }
}
