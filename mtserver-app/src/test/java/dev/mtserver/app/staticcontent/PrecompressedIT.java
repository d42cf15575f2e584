package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** name.gz and name.br beside name: chosen by Accept-Encoding, never compressed on the fly. */
class PrecompressedIT {

  private static final String SCRIPT = "console.log('hello, precompressed world');\n".repeat(20);

  /**
   * Stands in for Brotli output: the server never decodes or re-encodes, it only picks the file.
   */
  private static final String BROTLI = "BROTLI-ENCODED-BYTES";

  @TempDir static Path dir;
  static TestSite site;
  static byte[] gzipped;

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    gzipped = gzip(SCRIPT);
    site.file("app.js", SCRIPT);
    site.file("app.js.gz", gzipped);
    site.file("app.js.br", BROTLI);
    site.file("style.css", "body{}");
    site.file("style.css.gz", gzip("body{}"));
    site.file("plain.txt", "no siblings");
    // edited after its variants were made: they hold yesterday's bytes
    site.file("edited.js", "console.log('edited today');");
    site.file("edited.js.gz", gzip("console.log('yesterday');"));
    site.file("edited.js.br", BROTLI);
    Files.setLastModifiedTime(
        site.root.resolve("edited.js"), FileTime.from(TestSite.SETTLED.plusSeconds(60)));
    site.start();
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void a_client_accepting_gzip_gets_the_gz_file_with_content_encoding_and_vary() throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/app.js", "Accept-Encoding: gzip, deflate");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Encoding")).contains("gzip");
    assertThat(response.header("Vary")).contains("Accept-Encoding");
    assertThat(response.header("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(response.body()).isEqualTo(gzipped);
    assertThat(
            new String(
                new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes(),
                StandardCharsets.UTF_8))
        .isEqualTo(SCRIPT);
  }

  @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'gzip, deflate, br'    | br",
        "br                     | br",
        "'br;q=0.5, gzip'       | gzip",
        "'br;q=0, gzip;q=0.1'   | gzip",
        "*                      | br",
        "'gzip;q=0, br;q=0'     | identity",
        "identity               | identity",
      })
  void the_clients_preference_decides(String acceptEncoding, String expected) throws Exception {
    RawHttpClient.Response response =
        site.raw("GET", "/app.js", "Accept-Encoding: " + acceptEncoding);

    assertThat(response.header("Content-Encoding").orElse("identity")).isEqualTo(expected);
    assertThat(response.header("Vary")).contains("Accept-Encoding");
  }

  @Test
  void a_client_accepting_nothing_gets_the_plain_file_still_marked_vary() throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/app.js");

    assertThat(response.header("Content-Encoding")).isEmpty();
    assertThat(response.header("Vary")).contains("Accept-Encoding");
    assertThat(response.bodyText()).isEqualTo(SCRIPT);
  }

  @Test
  void a_file_without_siblings_does_not_vary() throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/plain.txt", "Accept-Encoding: gzip, br");

    assertThat(response.header("Content-Encoding")).isEmpty();
    assertThat(response.header("Vary")).isEmpty();
  }

  @Test
  void a_missing_br_falls_back_to_gz() throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/style.css", "Accept-Encoding: br, gzip");

    assertThat(response.header("Content-Encoding")).contains("gzip");
    assertThat(response.header("Content-Type")).contains("text/css; charset=utf-8");
  }

  @Test
  void each_encoding_has_its_own_etag_and_revalidates_against_it() throws Exception {
    String gz = site.raw("GET", "/app.js", "Accept-Encoding: gzip").header("ETag").orElseThrow();
    String plain = site.raw("GET", "/app.js").header("ETag").orElseThrow();

    assertThat(gz).isNotEqualTo(plain);
    assertThat(site.raw("GET", "/app.js", "Accept-Encoding: gzip", "If-None-Match: " + gz).status())
        .isEqualTo(304);
    assertThat(site.raw("GET", "/app.js", "If-None-Match: " + gz).status()).isEqualTo(200);
  }

  @Test
  void a_range_of_the_gz_file_is_a_range_of_the_compressed_bytes() throws Exception {
    RawHttpClient.Response response =
        site.raw("GET", "/app.js", "Accept-Encoding: gzip", "Range: bytes=0-9");

    assertThat(response.status()).isEqualTo(206);
    assertThat(response.header("Content-Encoding")).contains("gzip");
    assertThat(response.header("Content-Range")).contains("bytes 0-9/" + gzipped.length);
    assertThat(response.body()).isEqualTo(java.util.Arrays.copyOf(gzipped, 10));
  }

  @Test
  void the_gz_file_asked_for_by_name_is_an_ordinary_gzip_file() throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/app.js.gz");

    assertThat(response.header("Content-Type")).contains("application/gzip");
    assertThat(response.header("Content-Encoding")).isEmpty();
    assertThat(response.body()).isEqualTo(gzipped);
  }

  @Test
  void a_variant_older_than_its_file_is_never_served_and_does_not_make_it_vary() throws Exception {
    for (String accept : new String[] {"gzip", "br", "gzip, br"}) {
      RawHttpClient.Response response = site.raw("GET", "/edited.js", "Accept-Encoding: " + accept);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Encoding")).as(accept).isEmpty();
      assertThat(response.header("Vary")).as(accept).isEmpty();
      assertThat(response.bodyText()).isEqualTo("console.log('edited today');");
    }
  }
}
