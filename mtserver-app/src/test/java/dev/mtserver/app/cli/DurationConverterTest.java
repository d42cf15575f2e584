package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({"30s, 30000", "30, 30000", "500ms, 500", "2m, 120000", "1h, 3600000", " 5S , 5000"})
  void durations_with_a_unit_or_seconds(String text, long millis) {
    assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "0", "0ms", "-1s", "1.5s", "10x", "1d", "9999999999s"})
  void anything_else_is_refused(String text) {
    assertThatThrownBy(() -> new DurationConverter().convert(text)).isInstanceOf(TypeConversionException.class);
  }
}
