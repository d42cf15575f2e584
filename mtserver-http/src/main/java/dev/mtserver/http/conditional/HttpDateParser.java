package dev.mtserver.http.conditional;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses an HTTP-date in all three formats a recipient must accept (RFC 9110 §5.6.7): IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form ({@code Sunday, 06-Nov-94
 * 08:49:37 GMT}) and asctime ({@code Sun Nov 6 08:49:37 1994}). Names are case-sensitive, as the
 * grammar says; anything else is not a date.
 */
final class HttpDateParser {

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US);
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-", Locale.US);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.US);

  private HttpDateParser() {}

  static Optional<Instant> parse(String text, Instant now) {
    try {
      if (text.length() == 29 && text.charAt(3) == ',') {
        return Optional.of(toInstant(IMF_FIXDATE.parse(text)));
      }
      if (text.length() == 24 && text.charAt(3) == ' ') {
        return Optional.of(toInstant(ASCTIME.parse(text)));
      }
      return parseRfc850(text, now);
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static Instant toInstant(TemporalAccessor parsed) {
    return LocalDateTime.of(LocalDate.from(parsed), LocalTime.from(parsed))
        .toInstant(ZoneOffset.UTC);
  }

  /**
   * {@code Sunday, 06-Nov-94 08:49:37 GMT}. A two-digit year that would lie more than 50 years in
   * the future means the most recent past year with those digits (§5.6.7).
   */
  private static Optional<Instant> parseRfc850(String text, Instant now) {
    int comma = text.indexOf(',');
    // after "Weekday, " come "dd-MMM-" (7), "yy" (2), " HH:mm:ss GMT" (13)
    if (comma < 6 || text.length() != comma + 2 + 7 + 2 + 13 || !text.endsWith(" GMT")) {
      return Optional.empty();
    }
    int yearAt = comma + 2 + 7;
    TemporalAccessor dayMonth = RFC_850.parse(text.substring(0, yearAt));
    String yy = text.substring(yearAt, yearAt + 2);
    if (!Character.isDigit(yy.charAt(0))
        || !Character.isDigit(yy.charAt(1))
        || text.charAt(yearAt + 2) != ' ') {
      return Optional.empty();
    }
    LocalTime time = LocalTime.from(TIME.parse(text.substring(yearAt + 3, yearAt + 11)));
    int thisYear = now.atZone(ZoneOffset.UTC).getYear();
    int year = thisYear - Math.floorMod(thisYear, 100) + Integer.parseInt(yy);
    if (year > thisYear + 50) {
      year -= 100;
    }
    LocalDate date =
        LocalDate.of(
            year, dayMonth.get(ChronoField.MONTH_OF_YEAR), dayMonth.get(ChronoField.DAY_OF_MONTH));
    if (date.getDayOfWeek().getValue() != dayMonth.get(ChronoField.DAY_OF_WEEK)) {
      return Optional.empty();
    }
    return Optional.of(LocalDateTime.of(date, time).toInstant(ZoneOffset.UTC));
  }

  static Optional<Instant> parse(String text) {
    return parse(text, Instant.now());
  }
}
