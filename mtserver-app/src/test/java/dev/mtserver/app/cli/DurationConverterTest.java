package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "10s, 10000",
    "10, 10000",
    "2m, 120000",
    "1h, 3600000",
    "2d, 172800000",
    "' 3S ', 3000",
    "0, 0"
  })
  void reads_a_number_with_an_optional_unit(String text, long millis) {
    assertThat(converter.convert(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "1.5s", "-1s", "10 s", "10sec", "1w", "ten", "9999999999s"})
  void refuses_anything_else_with_a_hint(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("500ms or 10s");
  }
}
