package dev.mtserver.http.site.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorsPolicyTest {

  @Test
  void origins_are_compared_as_browsers_send_them() {
    CorsPolicy policy = CorsPolicy.parse("https://App.Example.com:443, http://localhost:3000/");
    assertThat(policy.origins())
        .containsExactly("https://app.example.com", "http://localhost:3000");
    assertThat(policy.allows("https://app.example.com")).isTrue();
    assertThat(policy.allows("HTTPS://APP.EXAMPLE.COM")).isTrue();
    assertThat(policy.allows("http://app.example.com")).isFalse();
    assertThat(policy.allows("https://app.example.com.evil.example")).isFalse();
    assertThat(policy.allows("http://localhost:3001")).isFalse();
    assertThat(policy.allows("null")).isFalse();
  }

  @Test
  void star_allows_every_origin() {
    CorsPolicy policy = CorsPolicy.parse(" * ");
    assertThat(policy.anyOrigin()).isTrue();
    assertThat(policy.allows("https://anyone.example")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app.example.com",
        "ftp://app.example.com",
        "https://app.example.com/path",
        "https://user@app.example.com",
        "https://app.example.com?x",
        "*, https://app.example.com",
        ","
      })
  void what_is_not_an_origin_is_refused(String value) {
    assertThatThrownBy(() -> CorsPolicy.parse(value)).isInstanceOf(IllegalArgumentException.class);
  }
}
