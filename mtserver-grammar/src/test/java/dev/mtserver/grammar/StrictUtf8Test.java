package dev.mtserver.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictUtf8Test {

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(
      strings = {
        "c0af", // overlong "/"
        "c0aec0ae", // overlong ".."
        "e080af",
        "f08080af", // longer overlongs
        "eda080", // an encoded surrogate
        "f4908080", // past U+10FFFF
        "ff",
        "c3",
        "c328", // not UTF-8 at all, truncated, a bad continuation
      })
  void what_is_not_well_formed_is_refused_not_replaced(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThat(StrictUtf8.isWellFormed(bytes, 0, bytes.length)).isFalse();
    assertThat(StrictUtf8.decode(bytes, 0, bytes.length)).isEmpty();
    assertThat(StrictUtf8.decodeSecret(bytes)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "caf\u00e9", "\u20ac rates", "\ud83d\ude00", "\u202e"})
  void well_formed_text_comes_back_as_it_was(String text) {
    byte[] bytes = ("[" + text + "]").getBytes(StandardCharsets.UTF_8);
    assertThat(StrictUtf8.decode(bytes, 1, bytes.length - 1)).contains(text);
    assertThat(StrictUtf8.decodeSecret(text.getBytes(StandardCharsets.UTF_8)))
        .hasValueSatisfying(chars -> assertThat(new String(chars)).isEqualTo(text));
  }

  /** The parsers that used the JDK's reporting decoder see the same text, and the same refusals. */
  @Property(tries = 5000)
  void agrees_with_the_jdks_reporting_decoder(@ForAll("mostlyUtf8") byte[] bytes) {
    assertThat(StrictUtf8.decode(bytes, 0, bytes.length)).isEqualTo(jdk(bytes));
  }

  private static Optional<String> jdk(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** Random bytes are almost never UTF-8: mix in real text and the bytes that start sequences. */
  @Provide
  Arbitrary<byte[]> mostlyUtf8() {
    Arbitrary<byte[]> text =
        Arbitraries.strings().ofMaxLength(6).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> raw =
        Arbitraries.of(
                (byte) 0xc0,
                (byte) 0xc3,
                (byte) 0xe0,
                (byte) 0xed,
                (byte) 0xf0,
                (byte) 0xf4,
                (byte) 0x80,
                (byte) 0xa0,
                (byte) 0xbf,
                (byte) 0x90,
                (byte) 0xff,
                (byte) 'a')
            .map(b -> new byte[] {b});
    return Arbitraries.oneOf(text, raw)
        .list()
        .ofMaxSize(8)
        .map(
            pieces -> {
              java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
              pieces.forEach(out::writeBytes);
              return out.toByteArray();
            });
  }
}
