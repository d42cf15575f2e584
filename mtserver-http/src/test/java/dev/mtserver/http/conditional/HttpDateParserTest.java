package dev.mtserver.http.conditional;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The three HTTP-date formats of RFC 9110 §5.6.7, and what is not a date. */
class HttpDateParserTest {

  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Sun, 06 Nov 1994 08:49:37 GMT     | 1994-11-06T08:49:37Z",
        "Sunday, 06-Nov-94 08:49:37 GMT    | 1994-11-06T08:49:37Z",
        "Sun Nov  6 08:49:37 1994          | 1994-11-06T08:49:37Z",
        "Thu Jan 29 08:49:37 2026          | 2026-01-29T08:49:37Z",
        // a two-digit year more than 50 years ahead is in the past century
        "Wednesday, 01-Jan-76 00:00:00 GMT | 2076-01-01T00:00:00Z",
        "Saturday, 01-Jan-77 00:00:00 GMT  | 1977-01-01T00:00:00Z",
      })
  void accepts_all_three_formats(String text, String expected) {
    assertThat(HttpDateParser.parse(text, NOW)).contains(Instant.parse(expected));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "garbage",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "sun, 06 nov 1994 08:49:37 gmt",
        "Mon, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT",
        "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT ",
        "1994-11-06T08:49:37Z",
        "Sunday, 06-Nov-94 08:49:37 UTC",
        "Sun Nov 06 08:49:37 1994x",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
      })
  void refuses_anything_else(String text) {
    assertThat(HttpDateParser.parse(text, NOW)).isEqualTo(Optional.empty());
  }
}
