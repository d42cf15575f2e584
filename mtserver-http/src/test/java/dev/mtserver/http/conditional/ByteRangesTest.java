package dev.mtserver.http.conditional;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code Range} parsing (RFC 9110 §14.1) and the multipart policy, as tables. */
class ByteRangesTest {

  private static final long SIZE = 1000;

  /** "first-last" pairs separated by spaces, "none" for unsatisfiable, "IGNORED" for invalid. */
  private static String describe(Optional<List<ByteRange>> parsed) {
    if (parsed.isEmpty()) {
      return "IGNORED";
    }
    if (parsed.get().isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    for (ByteRange range : parsed.get()) {
      parts.add(range.first() + "-" + range.last());
    }
    return String.join(" ", parts);
  }

  @ParameterizedTest(name = "Range: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // int-range
        "bytes=0-499                  | 0-499",
        "bytes=500-999                | 500-999",
        "bytes=500-5000               | 500-999",
        "bytes=999-999                | 999-999",
        "bytes=0-                     | 0-999",
        "bytes=990-                   | 990-999",
        // suffix-range
        "bytes=-1                     | 999-999",
        "bytes=-500                   | 500-999",
        "bytes=-5000                  | 0-999",
        // several; order kept; OWS and empty members allowed
        "'bytes=0-0, -1'              | 0-0 999-999",
        "'bytes=500-599,0-99'         | 500-599 0-99",
        "'bytes= 0-1 ,\t2-3'          | 0-1 2-3",
        "'bytes=,0-1,,'               | 0-1",
        // the unit is case-insensitive
        "BYTES=0-1                    | 0-1",
        // unsatisfiable members are dropped
        "'bytes=1000-, 0-1'           | 0-1",
        "bytes=1000-                  | none",
        "bytes=1000-2000              | none",
        "bytes=-0                     | none",
        "'bytes=5000-,-0'             | none",
        // huge numbers saturate instead of overflowing
        "bytes=0-99999999999999999999999 | 0-999",
        "bytes=99999999999999999999999-  | none",
        "bytes=-99999999999999999999999  | 0-999",
        "bytes=0000000000000000000000001-2 | 1-2",
        // malformed: the whole field is ignored
        "bytes=5-4                    | IGNORED",
        "'bytes=0-1, 5-4'             | IGNORED",
        "bytes=                       | IGNORED",
        "'bytes=,'                    | IGNORED",
        "bytes=abc                    | IGNORED",
        "bytes=1                      | IGNORED",
        "bytes=-                      | IGNORED",
        "bytes=1-2-3                  | IGNORED",
        "bytes=+1-2                   | IGNORED",
        "bytes=0x10-20                | IGNORED",
        "'bytes=0 - 1'                | IGNORED",
        "'bytes =0-1'                 | IGNORED",
        "items=0-1                    | IGNORED",
        "0-1                          | IGNORED",
        "bytes=１-2                   | IGNORED",
      })
  void parses_the_range_set(String field, String expected) {
    assertThat(describe(ByteRanges.parse(field, SIZE))).isEqualTo(expected);
  }

  @Test
  void nothing_is_satisfiable_in_an_empty_representation() {
    assertThat(describe(ByteRanges.parse("bytes=0-", 0))).isEqualTo("none");
    assertThat(describe(ByteRanges.parse("bytes=-1", 0))).isEqualTo("none");
  }

  @ParameterizedTest(name = "Range: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bytes=0-9                    | Single",
        "'bytes=0-9, 20-29'           | Multipart",
        "'bytes=20-29, 0-9'           | Multipart",
        "'bytes=0-9, 10-19'           | Multipart",
        "'bytes=0-9, 5-14'            | Whole",
        "'bytes=0-, -1'               | Whole",
        "'bytes=0-9, 0-9'             | Whole",
        "'bytes=0-9, 2000-'           | Single",
        "bytes=2000-                  | Unsatisfiable",
        "bytes=9-0                    | Whole",
        "lines=1-2                    | Whole",
      })
  void plans_the_answer(String field, String expected) {
    assertThat(ByteRanges.plan(List.of(field), SIZE).getClass().getSimpleName())
        .isEqualTo(expected);
  }

  @Test
  void no_range_field_or_a_repeated_one_gets_the_whole_representation() {
    assertThat(ByteRanges.plan(List.of(), SIZE)).isInstanceOf(RangePlan.Whole.class);
    assertThat(ByteRanges.plan(List.of("bytes=0-1", "bytes=2-3"), SIZE))
        .isInstanceOf(RangePlan.Whole.class);
  }

  @Test
  void up_to_the_part_limit_is_multipart_and_beyond_it_the_whole_representation() {
    assertThat(ByteRanges.plan(List.of(disjointRanges(ByteRanges.MAX_PARTS)), SIZE))
        .isInstanceOfSatisfying(
            RangePlan.Multipart.class,
            multipart -> assertThat(multipart.ranges()).hasSize(ByteRanges.MAX_PARTS));
    assertThat(ByteRanges.plan(List.of(disjointRanges(ByteRanges.MAX_PARTS + 1)), SIZE))
        .isInstanceOf(RangePlan.Whole.class);
  }

  private static String disjointRanges(int count) {
    List<String> specs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      specs.add((i * 10) + "-" + (i * 10 + 1));
    }
    return "bytes=" + String.join(",", specs);
  }

  @Test
  void content_range_values() {
    assertThat(new ByteRange(0, 499).contentRange(1000)).isEqualTo("bytes 0-499/1000");
    assertThat(new ByteRange(0, 499).length()).isEqualTo(500);
    assertThat(ByteRange.unsatisfiedContentRange(1000)).isEqualTo("bytes */1000");
  }
}
