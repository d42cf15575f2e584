package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9110 §13 over real sockets: 304 and 412, with the validators the server itself sent. */
class ConditionalRequestsIT {

  @TempDir static Path dir;
  static TestSite site;
  static String etag;
  static String lastModified;

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    site.file("page.html", "<p>cached</p>");
    site.file("large.bin", new byte[200_000]);
    site.start();
    RawHttpClient.Response first = site.raw("GET", "/page.html");
    etag = first.header("ETag").orElseThrow();
    lastModified = first.header("Last-Modified").orElseThrow();
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  @Test
  void every_file_has_a_strong_etag_and_a_last_modified_date() throws Exception {
    RawHttpClient.Response large = site.raw("GET", "/large.bin");

    assertThat(etag).matches("\"[!#-~]+\"");
    assertThat(lastModified).isEqualTo("Thu, 01 Jan 2026 10:00:00 GMT");
    assertThat(large.header("ETag"))
        .hasValueSatisfying(tag -> assertThat(tag).doesNotStartWith("W/"));
    assertThat(large.header("Last-Modified")).isPresent();
  }

  @Test
  void the_etag_is_stable_between_requests() throws Exception {
    assertThat(site.raw("GET", "/page.html").header("ETag")).contains(etag);
    assertThat(site.raw("HEAD", "/page.html").header("ETag")).contains(etag);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "If-None-Match: ETAG",
        "If-None-Match: W/ETAG",
        "'If-None-Match: \"a\", ETAG, \"b\"'",
        "If-None-Match: *",
        "If-Modified-Since: Thu, 01 Jan 2026 10:00:00 GMT",
        "If-Modified-Since: Fri, 02 Jan 2026 00:00:00 GMT",
        "If-Modified-Since: Thursday, 01-Jan-26 10:00:00 GMT",
        "If-Modified-Since: Thu Jan  1 10:00:00 2026",
      })
  void an_unchanged_file_is_304_with_validators_and_no_body(String header) throws Exception {
    for (String method : new String[] {"GET", "HEAD"}) {
      RawHttpClient.Response response =
          site.raw(method, "/page.html", header.replace("ETAG", etag));

      assertThat(response.status()).as(method + " " + header).isEqualTo(304);
      assertThat(response.body()).isEmpty();
      assertThat(response.header("ETag")).contains(etag);
      assertThat(response.header("Cache-Control")).contains("no-cache");
      assertThat(response.header("Content-Length")).isEmpty();
      assertThat(response.header("Content-Type")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'If-None-Match: \"something-else\"'",
        "If-Modified-Since: Wed, 31 Dec 2025 10:00:00 GMT",
        "If-Modified-Since: not a date",
      })
  void a_changed_or_unknown_validator_gets_the_full_file(String header) throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/page.html", header);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("<p>cached</p>");
  }

  @Test
  void with_if_none_match_present_if_modified_since_is_ignored() throws Exception {
    RawHttpClient.Response response =
        site.raw(
            "GET",
            "/page.html",
            "If-None-Match: \"other\"",
            "If-Modified-Since: Fri, 02 Jan 2026 00:00:00 GMT");

    assertThat(response.status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'If-Match: \"something-else\"'",
        "If-Match: W/ETAG",
        "If-Unmodified-Since: Wed, 31 Dec 2025 10:00:00 GMT",
      })
  void a_failed_if_match_or_if_unmodified_since_is_412(String header) throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/page.html", header.replace("ETAG", etag));

    assertThat(response.status()).isEqualTo(412);
    assertThat(response.bodyText()).doesNotContain("cached");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "If-Match: ETAG",
        "If-Match: *",
        "If-Unmodified-Since: Thu, 01 Jan 2026 10:00:00 GMT",
      })
  void a_passing_if_match_or_if_unmodified_since_gets_the_file(String header) throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/page.html", header.replace("ETAG", etag));

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void if_match_is_evaluated_before_if_none_match() throws Exception {
    RawHttpClient.Response response =
        site.raw("GET", "/page.html", "If-Match: \"something-else\"", "If-None-Match: " + etag);

    assertThat(response.status()).isEqualTo(412);
  }

  @Test
  void a_missing_file_is_404_whatever_the_preconditions() throws Exception {
    assertThat(site.raw("GET", "/nope.html", "If-None-Match: *").status()).isEqualTo(404);
  }
}
