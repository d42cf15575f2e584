package dev.mtserver.http.conditional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.conditional.Preconditions.Decision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each precondition field as a table, then the RFC 9110 §13.2.2 order of evaluation. */
class PreconditionsTest {

  private static final String CURRENT = "\"6959b3c0.0-400\"";

  /** Thu, 01 Jan 2026 00:00:00 GMT plus half a second: Last-Modified shows whole seconds. */
  private static final Instant MODIFIED = Instant.parse("2026-01-01T00:00:00.500Z");

  private static List<String> lines(String value) {
    return value == null ? List.of() : List.of(value);
  }

  @ParameterizedTest(name = "If-Match: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "ABSENT",
      value = {
        "ABSENT                                  | NONE",
        "*                                       | TRUE",
        "'\"6959b3c0.0-400\"'                    | TRUE",
        "'\"other\", \"6959b3c0.0-400\"'         | TRUE",
        "' , ,\"6959b3c0.0-400\" ,'              | TRUE",
        "'W/\"6959b3c0.0-400\"'                  | FALSE",
        "'\"other\"'                             | FALSE",
        "'6959b3c0.0-400'                        | FALSE",
        "'\"unterminated'                        | FALSE",
        "'\"a\"junk, \"6959b3c0.0-400\"'         | FALSE",
        "''                                      | FALSE",
      })
  void if_match_uses_strong_comparison(String field, Condition expected) {
    assertThat(Preconditions.checkIfMatch(lines(field), CURRENT)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "If-None-Match: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "ABSENT",
      value = {
        "ABSENT                                  | NONE",
        "*                                       | FALSE",
        "'\"6959b3c0.0-400\"'                    | FALSE",
        "'W/\"6959b3c0.0-400\"'                  | FALSE",
        "'\"x\", W/\"6959b3c0.0-400\"'           | FALSE",
        "'\"x\",\"y\"'                           | TRUE",
        "'\"6959B3C0.0-400\"'                    | TRUE",
        "'garbage'                               | TRUE",
      })
  void if_none_match_uses_weak_comparison_lists_and_star(String field, Condition expected) {
    assertThat(Preconditions.checkIfNoneMatch(lines(field), CURRENT)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "If-Modified-Since: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "ABSENT",
      value = {
        "ABSENT                              | NONE",
        "Thu, 01 Jan 2026 00:00:00 GMT       | FALSE",
        "Thu, 01 Jan 2026 00:00:01 GMT       | FALSE",
        "Wed, 31 Dec 2025 23:59:59 GMT       | TRUE",
        "Thursday, 01-Jan-26 00:00:00 GMT    | FALSE",
        "Thu Jan  1 00:00:00 2026            | FALSE",
        "Wed Dec 31 23:59:59 2025            | TRUE",
        "not a date                          | NONE",
        "Fri, 01 Jan 2026 00:00:00 GMT       | NONE",
        "thu, 01 jan 2026 00:00:00 gmt       | NONE",
      })
  void if_modified_since_compares_whole_seconds_and_ignores_invalid_dates(
      String field, Condition expected) {
    assertThat(Preconditions.checkIfModifiedSince(lines(field), MODIFIED)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "If-Unmodified-Since: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "ABSENT",
      value = {
        "ABSENT                          | NONE",
        "Thu, 01 Jan 2026 00:00:00 GMT   | TRUE",
        "Fri, 02 Jan 2026 00:00:00 GMT   | TRUE",
        "Wed, 31 Dec 2025 23:59:59 GMT   | FALSE",
        "yesterday                       | NONE",
      })
  void if_unmodified_since_fails_once_the_file_changed_after_the_date(
      String field, Condition expected) {
    assertThat(Preconditions.checkIfUnmodifiedSince(lines(field), MODIFIED)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "If-Range: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "ABSENT",
      value = {
        "ABSENT                              | NONE",
        "'\"6959b3c0.0-400\"'                | TRUE",
        "'W/\"6959b3c0.0-400\"'              | FALSE",
        "'\"stale\"'                         | FALSE",
        "'\"6959b3c0.0-400\", \"x\"'         | FALSE",
        "Thu, 01 Jan 2026 00:00:00 GMT       | TRUE",
        "Thu, 01 Jan 2026 00:00:01 GMT       | FALSE",
        "Wed, 31 Dec 2025 23:59:59 GMT       | FALSE",
        "garbage                             | FALSE",
      })
  void if_range_needs_a_strong_tag_match_or_the_exact_date(String field, Condition expected) {
    assertThat(Preconditions.checkIfRange(lines(field), CURRENT, MODIFIED)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} with {1}: {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // method | field                 | value                              | decision
        "GET     | none                  | -                                  | PROCEED",
        "GET     | If-Match              | '\"nope\"'                         |"
            + " PRECONDITION_FAILED",
        "GET     | If-Match              | '\"6959b3c0.0-400\"'               | PROCEED",
        "GET     | If-Unmodified-Since   | Wed, 31 Dec 2025 00:00:00 GMT      |"
            + " PRECONDITION_FAILED",
        "GET     | If-None-Match         | '\"6959b3c0.0-400\"'               | NOT_MODIFIED",
        "HEAD    | If-None-Match         | *                                  | NOT_MODIFIED",
        "POST    | If-None-Match         | *                                  |"
            + " PRECONDITION_FAILED",
        "GET     | If-Modified-Since     | Thu, 01 Jan 2026 00:00:00 GMT      | NOT_MODIFIED",
        "POST    | If-Modified-Since     | Thu, 01 Jan 2026 00:00:00 GMT      | PROCEED",
      })
  void one_field_at_a_time(String method, String field, String value, Decision expected) {
    HttpFields headers = new HttpFields();
    if (!field.equals("none")) {
      headers.add(field, value);
    }
    assertThat(Preconditions.evaluate(method, headers, CURRENT, MODIFIED)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // a failed If-Match wins over a matching If-None-Match (step 1 before step 3)
        "if_match_is_evaluated_before_if_none_match | \"nope\" | | \"6959b3c0.0-400\" | |"
            + " PRECONDITION_FAILED",
        // If-Unmodified-Since is ignored when If-Match is present
        "if_match_overrides_if_unmodified_since | \"6959b3c0.0-400\" | Wed, 31 Dec 2025 00:00:00"
            + " GMT | | | PROCEED",
        // If-Modified-Since is ignored when If-None-Match is present
        "if_none_match_overrides_if_modified_since | | | \"other\" | Fri, 02 Jan 2026 00:00:00 GMT"
            + " | PROCEED",
        "a_failed_if_unmodified_since_wins_over_if_none_match | | Wed, 31 Dec 2025 00:00:00 GMT | *"
            + " | | PRECONDITION_FAILED",
        "all_passing_fields_proceed | * | Fri, 02 Jan 2026 00:00:00 GMT | \"other\" | Wed, 31 Dec"
            + " 2025 00:00:00 GMT | PROCEED",
      })
  void fields_are_evaluated_in_the_order_of_rfc_9110_section_13_2_2(
      String name,
      String ifMatch,
      String ifUnmodifiedSince,
      String ifNoneMatch,
      String ifModifiedSince,
      Decision expected) {
    HttpFields headers = new HttpFields();
    if (ifMatch != null) headers.add("If-Match", ifMatch);
    if (ifUnmodifiedSince != null) headers.add("If-Unmodified-Since", ifUnmodifiedSince);
    if (ifNoneMatch != null) headers.add("If-None-Match", ifNoneMatch);
    if (ifModifiedSince != null) headers.add("If-Modified-Since", ifModifiedSince);

    assertThat(Preconditions.evaluate("GET", headers, CURRENT, MODIFIED)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "If-None-Match | '\"x\"' | '\"6959b3c0.0-400\"' | NOT_MODIFIED",
        "If-Match      | '\"x\"' | '\"6959b3c0.0-400\"' | PROCEED",
      })
  void a_list_may_span_several_field_lines(
      String field, String first, String second, Decision expected) {
    HttpFields headers = new HttpFields().add(field, first).add(field, second);

    assertThat(Preconditions.evaluate("GET", headers, CURRENT, MODIFIED)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "If-Modified-Since   | Thu, 01 Jan 2026 00:00:00 GMT",
        "If-Unmodified-Since | Wed, 31 Dec 2025 00:00:00 GMT",
      })
  void a_date_field_sent_twice_is_ignored(String field, String date) {
    HttpFields headers = new HttpFields().add(field, date).add(field, date);

    assertThat(Preconditions.evaluate("GET", headers, CURRENT, MODIFIED))
        .isEqualTo(Decision.PROCEED);
  }
}
