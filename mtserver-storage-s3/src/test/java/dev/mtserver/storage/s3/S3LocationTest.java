package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.path.SitePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3LocationTest {

  @Test
  void a_location_is_a_bucket_and_a_prefix_ending_with_a_slash() {
    assertThat(S3Location.parse("s3://site/")).isEqualTo(new S3Location("site", ""));
    assertThat(S3Location.parse("s3://site")).isEqualTo(new S3Location("site", ""));
    assertThat(S3Location.parse("s3://my.site-1/www/2026/"))
        .isEqualTo(new S3Location("my.site-1", "www/2026/"));
    assertThat(S3Location.parse("S3://site/www")).isEqualTo(new S3Location("site", "www/"));
    assertThat(S3Location.parse("s3://site/www/").toString()).isEqualTo("s3://site/www/");
  }

  @Test
  void site_paths_map_to_keys_below_the_prefix() {
    S3Location location = new S3Location("site", "www/");
    assertThat(location.keyOf(SitePath.parse("/docs/a b.html"))).isEqualTo("www/docs/a b.html");
    assertThat(location.directoryPrefixOf(SitePath.parse("/docs/"))).isEqualTo("www/docs/");
    assertThat(location.directoryPrefixOf(SitePath.ROOT)).isEqualTo("www/");
    assertThat(new S3Location("site", "").keyOf(SitePath.parse("/a.txt"))).isEqualTo("a.txt");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://site/www/      | an object-store location starts with s3://",
        "s3:/site/             | an object-store location starts with s3://",
        "s3://                 | no bucket name after s3://",
        "s3:///www/            | no bucket name after s3://",
        "s3://ab/              | bucket name 'ab' must be 3 to 63 characters long",
        "s3://My_Site/         | bucket name 'My_Site' may hold only lower-case letters, digits,"
            + " '-' and '.'",
        "s3://-site/           | bucket name '-site' must start and end with a letter or a digit",
        "s3://si..te/          | bucket name 'si..te' has two dots in a row",
        "s3://192.168.1.1/     | bucket name '192.168.1.1' looks like an IP address",
        "s3://site:9000/       | a location is s3://BUCKET/PREFIX/ with no port, credentials, query"
            + " or fragment",
        "s3://key@site/        | a location is s3://BUCKET/PREFIX/ with no port, credentials, query"
            + " or fragment",
        "s3://site/www?x=1     | a location is s3://BUCKET/PREFIX/ with no port, credentials, query"
            + " or fragment",
        "s3://site/a//b/       | prefix 'a//b/' has an empty segment ('//')",
        "s3://site//           | prefix '/' has an empty segment ('//')",
        "s3://site/a/../b/     | prefix 'a/../b/' has a '.' or '..' segment",
        "s3://site/a\\b/       | prefix 'a\\b/' has a control character or a backslash",
      })
  void a_bad_location_is_refused_with_one_precise_line(String uri, String reason) {
    assertThatThrownBy(() -> S3Location.parse(uri))
        .isInstanceOf(InvalidS3LocationException.class)
        .hasMessage("invalid object-store location '" + uri + "': " + reason);
  }

  @Test
  void control_characters_never_reach_the_message() {
    assertThatThrownBy(() -> S3Location.parse("s3://site/a\u001b[31m/"))
        .hasMessage(
            "invalid object-store location 's3://site/a?[31m/': prefix 'a?[31m/' has a control"
                + " character or a backslash");
  }

  @Test
  void a_prefix_too_long_for_keys_below_it_is_refused() {
    assertThatThrownBy(() -> S3Location.parse("s3://site/" + "a".repeat(600) + "/"))
        .hasMessageEndingWith("prefix is longer than 512 bytes");
  }

  @Test
  void an_upload_area_below_the_sites_prefix_appears_in_the_site_and_one_elsewhere_does_not() {
    S3Location site = new S3Location("site", "www/");

    assertThat(new S3Location("site", "www/downloads/").areaWithin(site).directory())
        .contains(SitePath.parse("/downloads/"));
    assertThat(new S3Location("site", "www/").areaWithin(site).directory()).contains(SitePath.ROOT);
    assertThat(new S3Location("site", "uploads/").areaWithin(site).directory()).isEmpty();
    assertThat(new S3Location("other", "www/downloads/").areaWithin(site).directory()).isEmpty();
    assertThat(new S3Location("site", "www/.private/up/").areaWithin(site).directory()).isEmpty();
  }
}
