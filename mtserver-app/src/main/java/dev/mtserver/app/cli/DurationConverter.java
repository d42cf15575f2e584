package dev.mtserver.app.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations such as {@code 30s}, {@code 500ms}, {@code 2m} or {@code 1h}; a bare number is seconds. */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    int digits = 0;
    while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
      digits++;
    }
    String unit = text.substring(digits);
    if (digits == 0 || digits > 9) {
      throw invalid(value);
    }
    long number = Long.parseLong(text.substring(0, digits));
    Duration duration = switch (unit) {
      case "ms" -> Duration.ofMillis(number);
      case "", "s" -> Duration.ofSeconds(number);
      case "m" -> Duration.ofMinutes(number);
      case "h" -> Duration.ofHours(number);
      default -> throw invalid(value);
    };
    if (duration.isZero()) {
      throw new TypeConversionException("'" + value + "' is not a positive duration");
    }
    return duration;
  }

  private static TypeConversionException invalid(String value) {
    return new TypeConversionException(
        "'" + value + "' is not a duration (use a number with ms, s, m or h, such as 30s or 500ms)");
  }
}
