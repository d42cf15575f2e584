package dev.mtserver.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TokensTest {

  /** The word-at-a-time scan finds exactly what a byte-at-a-time scan finds. */
  @Property(tries = 5000)
  void skipping_line_text_eight_bytes_at_a_time_matches_the_plain_scan(
      @ForAll("lines") byte[] bytes) {
    for (int from = 0; from <= Math.min(9, bytes.length); from++) {
      int plain = from;
      while (plain < bytes.length && !Tokens.isLineControl(bytes[plain])) {
        plain++;
      }
      assertThat(Tokens.skipLineText(bytes, from, bytes.length)).isEqualTo(plain);
    }
  }

  /** Mostly text, with tabs, controls, DEL and high bytes sprinkled in. */
  @Provide
  Arbitrary<byte[]> lines() {
    Arbitrary<Byte> text = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e);
    Arbitrary<Byte> special = Arbitraries.of(
        (byte) '\t', (byte) '\r', (byte) '\n', (byte) 0, (byte) 0x1f, (byte) 0x7f, (byte) 0x80,
        (byte) 0xff, (byte) 0x20, (byte) 0x21, (byte) 0x7e);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(20, text), net.jqwik.api.Tuple.of(1, special))
        .array(byte[].class).ofMaxSize(80);
  }
}
