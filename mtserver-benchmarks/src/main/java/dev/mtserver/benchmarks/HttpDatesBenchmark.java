package dev.mtserver.benchmarks;

import dev.mtserver.http.codec.HttpDates;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the {@code Date} value a response
 * carries: {@link HttpDates#format} writing it field by field, against the {@link
 * DateTimeFormatter} it used before (built the same way, with the names given in code).
 *
 * <p>The server formats the {@code Date} value once a second, too rarely for the JIT to compile the
 * formatter: what a request pays for it is the interpreted cost. So run it twice, compiled and
 * interpreted: {@code java -jar mtserver-benchmarks/target/benchmarks.jar HttpDatesBenchmark -f 1
 * -wi 3 -i 5} and the same with {@code -jvmArgs -Xint}; results go in {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HttpDatesBenchmark {

  private static final String DAYS = "MonTueWedThuFriSatSun";
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private final DateTimeFormatter formatter =
      new DateTimeFormatterBuilder()
          .appendText(ChronoField.DAY_OF_WEEK, names(DAYS))
          .appendLiteral(", ")
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendLiteral(' ')
          .appendText(ChronoField.MONTH_OF_YEAR, names(MONTHS))
          .appendLiteral(' ')
          .appendValue(ChronoField.YEAR_OF_ERA, 4, 19, SignStyle.EXCEEDS_PAD)
          .appendLiteral(' ')
          .appendPattern("HH:mm:ss")
          .appendLiteral(" GMT")
          .toFormatter(Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** A second that moves on each call, as the {@code Date} value's does. */
  private long second = Instant.parse("2026-12-04T09:00:00Z").getEpochSecond();

  private static java.util.Map<Long, String> names(String letters) {
    java.util.Map<Long, String> byValue = new java.util.HashMap<>();
    for (int i = 0; i < letters.length() / 3; i++) {
      byValue.put(i + 1L, letters.substring(3 * i, 3 * i + 3));
    }
    return byValue;
  }

  @Benchmark
  public String fieldByField() {
    return HttpDates.format(Instant.ofEpochSecond(second++));
  }

  @Benchmark
  public String dateTimeFormatter() {
    return formatter.format(Instant.ofEpochSecond(second++));
  }
}
