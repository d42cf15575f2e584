package dev.mtserver.http.codec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes IMF-fixdate (RFC 9110 §5.6.7), and keeps a {@code Date} header value that is formatted at
 * most once a second however many responses are written. Parsing the three HTTP-date forms a client
 * may send is {@code dev.mtserver.http.conditional.HttpDateParser}'s job.
 */
public final class HttpDates {

  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private record Cached(long second, String text) {}

  private static volatile Cached now = new Cached(-1, "");

  private HttpDates() {}

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
