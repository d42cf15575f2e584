package dev.mtserver.http.codec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes IMF-fixdate (RFC 9110 §5.6.7), and keeps a {@code Date} header value that is formatted at
 * most once a second however many responses are written. Parsing the three HTTP-date forms a client
 * may send is {@code dev.mtserver.http.conditional.HttpDateParser}'s job.
 */
public final class HttpDates {

  /**
   * The three-letter English month names by {@link ChronoField#MONTH_OF_YEAR} value, for {@link
   * DateTimeFormatterBuilder#appendText(java.time.temporal.TemporalField, Map)}: the names HTTP
   * dates and the common log format's time use, with no locale data to load.
   */
  public static final Map<Long, String> MONTH_NAMES =
      names("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

  private static final Map<Long, String> DAY_NAMES =
      names("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

  /**
   * {@code EEE, dd MMM yyyy HH:mm:ss 'GMT'}, with the day and month names given here rather than
   * taken from a locale: the names are fixed by the grammar, and a pattern with a locale loads the
   * JDK's CLDR locale data on first use, 30 ms of the first response after a start
   * (docs/benchmarks.md, ninth session).
   */
  private static final DateTimeFormatter IMF_FIXDATE =
      new DateTimeFormatterBuilder()
          .appendText(ChronoField.DAY_OF_WEEK, DAY_NAMES)
          .appendLiteral(", ")
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendLiteral(' ')
          .appendText(ChronoField.MONTH_OF_YEAR, MONTH_NAMES)
          .appendLiteral(' ')
          .appendValue(ChronoField.YEAR_OF_ERA, 4, 19, SignStyle.EXCEEDS_PAD) // as "yyyy" does
          .appendLiteral(' ')
          .appendPattern("HH:mm:ss")
          .appendLiteral(" GMT")
          .toFormatter(Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private record Cached(long second, String text) {}

  private static volatile Cached now = new Cached(-1, "");

  private HttpDates() {}

  /** 1 to the first name, 2 to the second, ...: the numbering of {@link ChronoField}'s values. */
  private static Map<Long, String> names(String... names) {
    Map<Long, String> byValue = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      byValue.put(i + 1L, names[i]);
    }
    return Map.copyOf(byValue);
  }

  /** Formats an instant as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  public static String format(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** The current time as a {@code Date} header value, cached per second. */
  public static String now() {
    long second = System.currentTimeMillis() / 1000;
    Cached cached = now;
    if (cached.second != second) {
      cached = new Cached(second, format(Instant.ofEpochSecond(second)));
      now = cached; // a benign race: two threads may both format the same second
    }
    return cached.text;
  }
}
