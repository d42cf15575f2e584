package dev.mtserver.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The {@code Date} and {@code Last-Modified} values: IMF-fixdate, RFC 9110 §5.6.7. */
class HttpDatesTest {

  /** The same format spelled the usual way, with English names from the JDK's locale data. */
  private static final DateTimeFormatter WITH_LOCALE_DATA =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  @Test
  void formats_the_example_of_the_rfc() {
    assertThat(HttpDates.format(Instant.parse("1994-11-06T08:49:37Z")))
        .isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
  }

  @Test
  void pads_the_day_and_the_time_and_names_every_weekday_and_month() {
    assertThat(HttpDates.format(Instant.parse("2026-01-05T00:00:09Z")))
        .isEqualTo("Mon, 05 Jan 2026 00:00:09 GMT");
    assertThat(HttpDates.format(Instant.parse("2026-12-31T23:59:59Z")))
        .isEqualTo("Thu, 31 Dec 2026 23:59:59 GMT");
    assertThat(HttpDates.format(Instant.EPOCH)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
  }

  /**
   * Any second reads as the locale-based formatter writes it: 1970 to 9999, and the odd file times
   * beyond (before the epoch, before year 1, after 9999) come out as they always did.
   */
  @Property(tries = 2000)
  void agrees_with_the_english_locale_for_any_second(
      @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long epochSecond) {
    Instant instant = Instant.ofEpochSecond(epochSecond);
    assertThat(HttpDates.format(instant)).isEqualTo(WITH_LOCALE_DATA.format(instant));
  }

  /** Around the edges of the years written field by field (1 to 9999) and the formatter's. */
  @Test
  void agrees_with_the_english_locale_at_the_edges_of_years_1_and_9999() {
    for (String edge :
        List.of(
            "0000-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "0001-03-01T12:00:00Z",
            "9999-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z",
            "2000-02-29T12:34:56Z",
            "1969-12-31T23:59:59Z")) {
      Instant instant = Instant.parse(edge);
      assertThat(HttpDates.format(instant)).as(edge).isEqualTo(WITH_LOCALE_DATA.format(instant));
    }
  }

  @Test
  void a_year_past_9999_is_written_whole_rather_than_failing() {
    assertThat(HttpDates.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .isEqualTo("Sat, 01 Jan +10000 00:00:00 GMT");
  }

  @Test
  void now_is_the_current_second() {
    long before = System.currentTimeMillis() / 1000;
    String now = HttpDates.now();
    long after = System.currentTimeMillis() / 1000;
    assertThat(now)
        .isIn(
            HttpDates.format(Instant.ofEpochSecond(before)),
            HttpDates.format(Instant.ofEpochSecond(after)));
  }
}
