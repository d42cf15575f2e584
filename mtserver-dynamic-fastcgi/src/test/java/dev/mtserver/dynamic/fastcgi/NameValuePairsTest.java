package dev.mtserver.dynamic.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Name-value pairs (section 3.4): lengths below 128 in one byte, longer ones in four, high bit set.
 */
class NameValuePairsTest {

  @Test
  void short_name_and_short_value_take_one_byte_each() {
    assertThat(Hex.of(NameValuePairs.encode("SCRIPT_NAME", "/a.php")))
        .isEqualTo(Hex.of(Hex.bytes("0b 06 'SCRIPT_NAME' '/a.php'")));
  }

  @Test
  void an_empty_value_has_length_zero() {
    assertThat(Hex.of(NameValuePairs.encode("QUERY_STRING", "")))
        .isEqualTo(Hex.of(Hex.bytes("0c 00 'QUERY_STRING'")));
  }

  @Test
  void a_value_of_127_bytes_still_takes_one_byte_and_128_takes_four() {
    byte[] short127 = NameValuePairs.encode("V", "x".repeat(127));
    byte[] long128 = NameValuePairs.encode("V", "x".repeat(128));

    assertThat(Hex.of(Arrays.copyOf(short127, 3))).isEqualTo("01 7f 56");
    assertThat(Hex.of(Arrays.copyOf(long128, 6))).isEqualTo("01 80 00 00 80 56");
    assertThat(long128).hasSize(1 + 4 + 1 + 128);
  }

  @Test
  void a_long_name_takes_four_bytes_too() {
    byte[] pair = NameValuePairs.encode("N".repeat(200), "v");

    assertThat(Hex.of(Arrays.copyOf(pair, 6))).isEqualTo("80 00 00 c8 01 4e");
    assertThat(pair).hasSize(4 + 1 + 200 + 1);
  }

  @Test
  void a_64_kib_value_has_its_length_in_four_bytes_big_endian() {
    byte[] pair = NameValuePairs.encode("HTTP_COOKIE", "c".repeat(65_536));

    assertThat(Hex.of(Arrays.copyOf(pair, 5))).isEqualTo("0b 80 01 00 00");
    assertThat(pair).hasSize(1 + 4 + 11 + 65_536);
  }

  @Test
  void text_is_sent_as_utf8() {
    assertThat(Hex.of(NameValuePairs.encode("PATH_INFO", "/Zoë")))
        .isEqualTo(Hex.of(Hex.bytes("09 05 'PATH_INFO' '/Zo' c3 ab")));
  }
}
