package dev.mtserver.http.negotiation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.ContentCoding;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

  private static String acceptable(String field) {
    List<ContentCoding> codings = AcceptEncoding.acceptable(List.of(field));
    return codings.isEmpty()
        ? "identity"
        : codings.stream().map(ContentCoding::token).collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gzip                             | gzip",
        "br                               | br",
        "'gzip, deflate, br'              | br gzip",
        "'gzip, deflate, br, zstd'        | br gzip",
        "'gzip;q=1.0, br;q=0.5'           | gzip br",
        "'br;q=0.2, gzip;q=0.8'           | gzip br",
        "'GZIP'                           | gzip",
        "'x-gzip'                         | gzip",
        "'gzip;q=0'                       | identity",
        "'gzip;q=0.000'                   | identity",
        "'gzip ; q=0.001'                 | gzip",
        "'*'                              | br gzip",
        "'*;q=0'                          | identity",
        "'*;q=0, gzip'                    | gzip",
        "'br;q=0, *'                      | gzip",
        "'identity'                       | identity",
        "'deflate'                        | identity",
        "''                               | identity",
        // malformed weights drop only their own member
        "'gzip;q=2, br'                   | br",
        "'gzip;q=1.5, br'                 | br",
        "'gzip;q=0.1234, br'              | br",
        "'gzip;q=abc, br'                 | br",
        "'gzip;q, br'                     | br",
        "'gzip;level=1'                   | gzip",
      })
  void picks_the_acceptable_codings_best_first(String field, String expected) {
    assertThat(acceptable(field)).isEqualTo(expected);
  }

  @Test
  void no_field_means_identity_only() {
    assertThat(AcceptEncoding.acceptable(List.of())).isEmpty();
  }

  @Test
  void members_may_span_several_lines() {
    assertThat(AcceptEncoding.acceptable(List.of("gzip;q=0.5", "br")))
        .containsExactly(ContentCoding.BROTLI, ContentCoding.GZIP);
  }
}
