package dev.mtserver.http.codec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
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

  /** The day names, three letters each, Monday first. */
  private static final String DAYS = "MonTueWedThuFriSatSun";

  /** The month names, three letters each. */
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  /**
   * The three-letter English month names by {@link ChronoField#MONTH_OF_YEAR} value, for {@link
   * DateTimeFormatterBuilder#appendText(java.time.temporal.TemporalField, Map)}: the names HTTP
   * dates and the common log format's time use, with no locale data to load.
   */
  public static final Map<Long, String> MONTH_NAMES = names(MONTHS);

  private static final Map<Long, String> DAY_NAMES = names(DAYS);

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

  private static final long SECONDS_PER_DAY = 86_400;
  private static final long FIRST_SECOND_OF_YEAR_1 =
      LocalDate.of(1, 1, 1).toEpochDay() * SECONDS_PER_DAY;
  private static final long LAST_SECOND_OF_YEAR_9999 =
      LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY - 1;

  private record Cached(long second, String text) {}

  private static volatile Cached now = new Cached(-1, "");

  private HttpDates() {}

  /**
   * 1 to the first three letters, 2 to the next three, ...: the numbering of {@link ChronoField}'s
   * values.
   */
  private static Map<Long, String> names(String letters) {
    Map<Long, String> byValue = new HashMap<>();
    for (int i = 0; i < letters.length() / 3; i++) {
      byValue.put(i + 1L, letters.substring(3 * i, 3 * i + 3));
    }
    return Map.copyOf(byValue);
  }

  /**
   * Formats an instant as {@code Sun, 06 Nov 1994 08:49:37 GMT}.
   *
   * <p>Years 1 to 9999 are written field by field, and only the odd file times beyond go through
   * {@link DateTimeFormatter}. Why: the {@code Date} value is formatted once a second, too rarely
   * for the JIT to compile the formatter's many layers, so each new second ran them in the
   * interpreter on some request's path; on a server serving one request now and then (the first
   * download of a benchmark round, a quiet site) that was about every request. Interpreted, the
   * formatter takes about 15 µs, this arithmetic 1.5 (HttpDatesBenchmark with {@code -jvmArgs
   * -Xint}; compiled, 0.14 and 0.03 µs; docs/benchmarks.md).
   */
  public static String format(Instant instant) {
    long second = instant.getEpochSecond();
    if (second < FIRST_SECOND_OF_YEAR_1 || second > LAST_SECOND_OF_YEAR_9999) {
      return IMF_FIXDATE.format(instant);
    }
    long day = Math.floorDiv(second, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(second, SECONDS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(day);
    byte[] text = new byte[29];
    putName(text, 0, DAYS, Math.floorMod(day + 3, 7)); // 1970-01-01: Thursday
    text[3] = ',';
    text[4] = ' ';
    putDigits(text, 5, date.getDayOfMonth(), 2);
    text[7] = ' ';
    putName(text, 8, MONTHS, date.getMonthValue() - 1);
    text[11] = ' ';
    putDigits(text, 12, date.getYear(), 4);
    text[16] = ' ';
    putDigits(text, 17, secondOfDay / 3600, 2);
    text[19] = ':';
    putDigits(text, 20, secondOfDay / 60 % 60, 2);
    text[22] = ':';
    putDigits(text, 23, secondOfDay % 60, 2);
    text[25] = ' ';
    text[26] = 'G';
    text[27] = 'M';
    text[28] = 'T';
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  /** Copies the {@code index}th three-letter name out of {@code letters}. */
  private static void putName(byte[] text, int at, String letters, int index) {
    for (int i = 0; i < 3; i++) {
      text[at + i] = (byte) letters.charAt(3 * index + i);
    }
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded. */
  private static void putDigits(byte[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
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
