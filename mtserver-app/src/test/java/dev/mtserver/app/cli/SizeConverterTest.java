package dev.mtserver.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class SizeConverterTest {

  private final SizeConverter converter = new SizeConverter();

  @ParameterizedTest
  @CsvSource({
    "512, 512",
    "64k, 65536",
    "10m, 10485760",
    "10M, 10485760",
    "2g, 2147483648",
    "1gb, 1073741824",
    "0, 0"
  })
  void reads_sizes_with_binary_suffixes(String text, long bytes) {
    assertThat(converter.convert(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "ten", "-1", "1.5g", "10x", "99999999999999t"})
  void refuses_anything_else_with_a_readable_message(String text) {
    assertThatThrownBy(() -> converter.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining(text);
  }
}
