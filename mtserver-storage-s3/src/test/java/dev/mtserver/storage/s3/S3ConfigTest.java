package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class S3ConfigTest {

  @Test
  void the_defaults_are_aws_in_us_east_1_with_the_default_credential_chain_and_bounded_calls() {
    S3Config config = S3Config.defaults();

    assertThat(config.endpoint()).isEmpty();
    assertThat(config.region()).isEqualTo("us-east-1");
    assertThat(config.credentials()).isEmpty();
    assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.describe()).isEqualTo("AWS S3 (us-east-1)");
    assertThat(
            config
                .withEndpoint(URI.create("http://127.0.0.1:9000"))
                .withRegion("eu-west-3")
                .describe())
        .isEqualTo("http://127.0.0.1:9000 (eu-west-3)");
  }

  @Test
  void an_endpoint_is_scheme_host_and_port_only() {
    S3Config config = S3Config.defaults();
    assertThatThrownBy(() -> config.withEndpoint(URI.create("ftp://store")))
        .hasMessageContaining("must be an http:// or https:// URL");
    assertThatThrownBy(() -> config.withEndpoint(URI.create("http://store:9000/bucket")))
        .hasMessageContaining("must be just scheme, host and port");
    assertThatThrownBy(() -> config.withEndpoint(URI.create("http://user:pw@store:9000")))
        .hasMessageContaining("must be just scheme, host and port");
    assertThat(config.withEndpoint(URI.create("https://s3.example.net/")).endpoint()).isPresent();
  }

  @Test
  void limits_must_make_sense() {
    S3Config config = S3Config.defaults();
    assertThatThrownBy(() -> config.withRegion("EU West"))
        .hasMessageContaining("not a region name");
    assertThatThrownBy(
            () ->
                config.withTimeouts(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(5)))
        .hasMessageContaining("cover one attempt");
    assertThatThrownBy(
            () ->
                config.withTimeouts(
                    Duration.ZERO,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1)))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> config.withMaxAttempts(0)).hasMessageContaining("at least 1");
  }

  @Test
  void an_access_key_never_shows_its_secret() {
    S3Config config =
        S3Config.defaults().withCredentials(new S3Config.AccessKey("AKIDEXAMPLE", "wJalrXUtnFEMI"));

    assertThat(config.toString()).contains("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
  }
}
