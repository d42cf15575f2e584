package dev.mtserver.grammar;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.grammar.FieldLine.Part;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldLineTest {

  @ParameterizedTest(name = "[{0}] is {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "Host: example.com            | VALUE    | Host | example.com",
        "Host:example.com             | VALUE    | Host | example.com",
        "X-Empty:                     | VALUE    | X-Empty | ''",
        "'A: \t spaced out \t '       | VALUE    | A | spaced out",
        "a!#$%&*+-.^_`~: x            | VALUE    | a!#$%&*+-.^_`~ | x",
        "Set-Cookie: a=b; c:d         | VALUE    | Set-Cookie | a=b; c:d",
        "' Host: x'                   | FOLDED   | |",
        "'\tHost: x'                  | FOLDED   | |",
        ": no name                    | BAD_NAME | |",
        "Host : x                     | BAD_NAME | |",
        "Ho st: x                     | BAD_NAME | |",
        "Hö: x                        | BAD_NAME | |",
        "no colon at all              | BAD_NAME | |",
        "NoColon                      | NAME     | |",
      })
  void splits_a_line_into_name_and_trimmed_value(
      String text, Part expected, String name, String value) {
    byte[] bytes = ("<<" + text + ">>").getBytes(ISO_8859_1);
    FieldLine line = new FieldLine();

    Part part = line.split(bytes, 2, bytes.length - 2);

    assertThat(part).isEqualTo(expected);
    if (part == Part.VALUE) {
      assertThat(new String(bytes, 2, line.nameEnd() - 2, ISO_8859_1)).isEqualTo(name);
      assertThat(
              new String(bytes, line.valueStart(), line.valueEnd() - line.valueStart(), ISO_8859_1))
          .isEqualTo(value == null ? "" : value);
    }
  }

  @org.junit.jupiter.api.Test
  void an_empty_line_is_no_field() {
    assertThat(new FieldLine().split(new byte[0], 0, 0)).isEqualTo(Part.START);
  }

  /** The two ways in are one grammar: split says what feeding next() byte by byte says. */
  @Property(tries = 3000)
  void splitting_agrees_with_feeding_the_bytes_one_at_a_time(@ForAll("lines") byte[] bytes) {
    Part streamed = Part.START;
    int colon = -1;
    for (int i = 0; i < bytes.length && (streamed == Part.START || streamed == Part.NAME); i++) {
      streamed = FieldLine.next(streamed, bytes[i]);
      colon = i;
    }
    FieldLine line = new FieldLine();

    Part split = line.split(bytes, 0, bytes.length);

    assertThat(split).isEqualTo(streamed);
    if (split == Part.VALUE) {
      assertThat(line.nameEnd()).isEqualTo(colon);
      assertThat(line.valueStart()).isBetween(colon + 1, bytes.length);
      assertThat(line.valueEnd()).isBetween(line.valueStart(), bytes.length);
    }
  }

  /** The word-at-a-time scan finds exactly what a byte-at-a-time scan finds. */
  @Property(tries = 5000)
  void skipping_line_text_eight_bytes_at_a_time_matches_the_plain_scan(
      @ForAll("lines") byte[] bytes) {
    for (int from = 0; from <= Math.min(9, bytes.length); from++) {
      int plain = from;
      while (plain < bytes.length && !FieldLine.isLineControl(bytes[plain])) {
        plain++;
      }
      assertThat(FieldLine.skipLineText(bytes, from, bytes.length)).isEqualTo(plain);
    }
  }

  @org.junit.jupiter.api.Test
  void a_field_value_to_send_holds_no_control_and_nothing_past_latin_1() {
    assertThat(java.util.List.of("plain text", "tab\there", "caf\u00e9", ""))
        .allSatisfy(value -> assertThat(FieldLine.isFieldValue(value)).as(value).isTrue());
    assertThat(java.util.List.of("nul\u0000", "cr\r", "lf\n", "del\u007f", "euro \u20ac"))
        .allSatisfy(value -> assertThat(FieldLine.isFieldValue(value)).as(value).isFalse());
  }

  /** Mostly text, with colons, whitespace, tabs, controls, DEL and high bytes sprinkled in. */
  @Provide
  Arbitrary<byte[]> lines() {
    Arbitrary<Byte> text = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e);
    Arbitrary<Byte> special =
        Arbitraries.of(
            (byte) ':',
            (byte) ' ',
            (byte) '\t',
            (byte) '\r',
            (byte) '\n',
            (byte) 0,
            (byte) 0x1f,
            (byte) 0x7f,
            (byte) 0x80,
            (byte) 0xff,
            (byte) 0x21,
            (byte) 0x7e);
    return Arbitraries.frequencyOf(Tuple.of(12, text), Tuple.of(1, special))
        .array(byte[].class)
        .ofMaxSize(80);
  }
}
