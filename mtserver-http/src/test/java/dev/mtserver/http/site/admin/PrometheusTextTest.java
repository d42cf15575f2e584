package dev.mtserver.http.site.admin;

import static dev.mtserver.http.site.admin.PrometheusText.Type.COUNTER;
import static dev.mtserver.http.site.admin.PrometheusText.Type.GAUGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The text exposition format 0.0.4, line by line. */
class PrometheusTextTest {

  @Test
  void a_family_is_its_help_line_its_type_line_then_its_samples() {
    String page =
        new PrometheusText()
            .family("app_requests_total", COUNTER, "Requests.")
            .sample("code", "2xx", 7)
            .sample("code", "5xx", 0)
            .single("app_active", GAUGE, "Active now.", 3)
            .toString();

    assertThat(page)
        .isEqualTo(
            """
            # HELP app_requests_total Requests.
            # TYPE app_requests_total counter
            app_requests_total{code="2xx"} 7
            app_requests_total{code="5xx"} 0
            # HELP app_active Active now.
            # TYPE app_active gauge
            app_active 3
            """);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {"back\\slash|back\\\\slash", "'say \"hi\"'|'say \"hi\"'", "plain text.|plain text."})
  void help_text_escapes_backslash_and_line_feed_but_not_quotes(String help, String written) {
    String page = new PrometheusText().single("x", GAUGE, help, 1).toString();

    assertThat(page.lines().findFirst()).contains("# HELP x " + written);
  }

  @Test
  void a_line_feed_in_help_text_cannot_start_a_new_line() {
    String page = new PrometheusText().single("x", GAUGE, "one\n# TYPE x counter", 1).toString();

    assertThat(page.lines()).hasSize(3);
    assertThat(page).startsWith("# HELP x one\\n# TYPE x counter\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {"'a\"b'|'a\\\"b'", "a\\b|a\\\\b", "1.0|1.0"})
  void label_values_escape_backslash_quote_and_line_feed(String value, String written) {
    String page =
        new PrometheusText().family("x", GAUGE, "h").sample("version", value, 1).toString();

    assertThat(page.lines().skip(2).findFirst()).contains("x{version=\"" + written + "\"} 1");
  }

  @Test
  void a_line_feed_in_a_label_value_is_escaped() {
    String page = new PrometheusText().family("x", GAUGE, "h").sample("v", "a\nb", 1).toString();

    assertThat(page).endsWith("x{v=\"a\\nb\"} 1\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1abc", "has-dash", "has space", "é"})
  void a_bad_metric_name_is_refused(String name) {
    assertThatThrownBy(() -> new PrometheusText().family(name, GAUGE, "h"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_counter_must_be_named_total() {
    assertThatThrownBy(() -> new PrometheusText().family("requests", COUNTER, "h"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"__reserved", "1x", "a-b", ""})
  void a_bad_label_name_is_refused(String label) {
    PrometheusText text = new PrometheusText().family("x", GAUGE, "h");

    assertThatThrownBy(() -> text.sample(label, "v", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_sample_needs_a_family_first() {
    assertThatThrownBy(() -> new PrometheusText().sample(1))
        .isInstanceOf(IllegalStateException.class);
  }
}
