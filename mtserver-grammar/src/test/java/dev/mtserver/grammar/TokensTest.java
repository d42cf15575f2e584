package dev.mtserver.grammar;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokensTest {

  @Test
  void tchar_is_exactly_what_rfc_9110_lists() {
    StringBuilder tchars = new StringBuilder();
    for (int b = 0; b < 256; b++) {
      if (Tokens.isTokenByte(b)) {
        tchars.append((char) b);
        assertThat(Tokens.isTokenChar((char) b)).isTrue();
      }
    }
    assertThat(tchars.toString())
        .isEqualTo("!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~");
    assertThat(Tokens.isTokenChar('\u0141')).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a:b", "a\"b", "caf\u00e9", "a/b"})
  void these_are_not_tokens(String text) {
    assertThat(Tokens.isToken(text)).isFalse();
  }

  @Test
  void a_token_inside_a_longer_string() {
    assertThat(Tokens.isToken("x=gzip;q", 2, 6)).isTrue();
    assertThat(Tokens.isToken("x=gzip;q", 2, 2)).isFalse();
  }

  @Test
  void hex_digits_in_either_case_and_nothing_else() {
    assertThat(Tokens.hexValue('0')).isZero();
    assertThat(Tokens.hexValue('a')).isEqualTo(10);
    assertThat(Tokens.hexValue('F')).isEqualTo(15);
    assertThat(Tokens.hexValue('g')).isEqualTo(-1);
    assertThat(Tokens.hexValue(-1)).isEqualTo(-1);
    assertThat(Tokens.hexValue('\uff11')).as("a fullwidth digit is no HEXDIG").isEqualTo(-1);
  }

  @Test
  void field_names_compare_without_regard_to_ascii_case() {
    byte[] bytes = "xCONTENT-lengthx".getBytes(ISO_8859_1);
    assertThat(Tokens.equalsIgnoreCase(bytes, 1, 15, "Content-Length")).isTrue();
    assertThat(Tokens.equalsIgnoreCase(bytes, 1, 14, "Content-Length")).isFalse();
    assertThat(Tokens.equalsIgnoreCase(bytes, 1, 15, "Content-Lengtx")).isFalse();
  }

  @Test
  void ows_is_space_and_tab() {
    assertThat(Tokens.isOws(' ')).isTrue();
    assertThat(Tokens.isOws('\t')).isTrue();
    assertThat(Tokens.isOws('\r')).isFalse();
    assertThat(Tokens.isOws(0xa0)).isFalse();
  }
}
