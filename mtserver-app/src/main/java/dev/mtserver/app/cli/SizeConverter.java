package dev.mtserver.app.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads sizes such as {@code 512}, {@code 64k}, {@code 10m} or {@code 2g} (binary multiples). */
final class SizeConverter implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    if (text.endsWith("b")) {
      text = text.substring(0, text.length() - 1);
    }
    int shift =
        text.isEmpty()
            ? 0
            : switch (text.charAt(text.length() - 1)) {
              case 'k' -> 10;
              case 'm' -> 20;
              case 'g' -> 30;
              case 't' -> 40;
              default -> 0;
            };
    String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 12) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not a size (use a number with an optional k, m or g, such as 10m or 2g)");
    }
    long number = Long.parseLong(digits);
    if (number > (Long.MAX_VALUE >> shift)) {
      throw new TypeConversionException("'" + value + "' is too large");
    }
    return number << shift;
  }
}
