package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.BrowsingSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On-the-fly gzip (issue 19: 4) over real sockets, with the default {@code --compress gzip}. */
class CompressionIT {

  @TempDir static Path dir;
  static TestSite site;
  static TestSite off;
  static final String CSS = ".rule { color: #123456; margin: 0 auto; }\n".repeat(500);
  static final String LARGE = "line of a large log file, compressible\n".repeat(20_000);

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir.resolve("on"));
    site.file("style.css", CSS);
    site.file("tiny.css", "a{}");
    site.file("large.txt", LARGE);
    site.file("photo.png", new byte[4096]);
    site.file("pre.js", "var x = 1;\n".repeat(300));
    site.file("pre.js.gz", gzip("var x = 1;\n".repeat(300)));
    site.file("downloads/notes.txt", CSS);
    site.start();
    off = new TestSite(dir.resolve("off"));
    off.file("style.css", CSS);
    off.start(settings -> settings.browsing(BrowsingSettings.defaults().withCompress(false)));
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
    off.close();
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  static String gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void a_text_file_is_gzipped_for_a_client_that_accepts_it_with_its_own_etag() throws Exception {
    RawHttpClient.Response plain = site.raw("GET", "/style.css");
    RawHttpClient.Response gzipped = site.raw("GET", "/style.css", "Accept-Encoding: gzip, br");

    assertThat(plain.header("Content-Encoding")).isEmpty();
    assertThat(plain.header("Vary")).contains("Accept-Encoding");
    assertThat(gzipped.status()).isEqualTo(200);
    assertThat(gzipped.header("Content-Encoding")).contains("gzip");
    assertThat(gzipped.header("Vary")).contains("Accept-Encoding");
    assertThat(gzipped.header("Content-Length")).contains(Integer.toString(gzipped.body().length));
    assertThat(gzipped.body().length).isLessThan(CSS.length() / 10);
    assertThat(gunzip(gzipped.body())).isEqualTo(CSS);
    String plainTag = plain.header("ETag").orElseThrow();
    String gzipTag = gzipped.header("ETag").orElseThrow();
    assertThat(gzipTag).isNotEqualTo(plainTag).endsWith("-gzip\"").doesNotStartWith("W/");
  }

  @Test
  void head_has_gets_headers_and_the_gzip_tag_revalidates() throws Exception {
    RawHttpClient.Response get = site.raw("GET", "/style.css", "Accept-Encoding: gzip");
    RawHttpClient.Response head = site.raw("HEAD", "/style.css", "Accept-Encoding: gzip");

    assertThat(head.body()).isEmpty();
    for (String field : new String[] {"Content-Encoding", "Content-Length", "ETag", "Vary"}) {
      assertThat(head.header(field)).as(field).isEqualTo(get.header(field));
    }
    String tag = get.header("ETag").orElseThrow();
    assertThat(
            site.raw("GET", "/style.css", "Accept-Encoding: gzip", "If-None-Match: " + tag)
                .status())
        .isEqualTo(304);
  }

  @Test
  void a_range_request_gets_the_plain_files_range() throws Exception {
    RawHttpClient.Response range =
        site.raw("GET", "/style.css", "Accept-Encoding: gzip", "Range: bytes=0-5");

    assertThat(range.status()).isEqualTo(206);
    assertThat(range.header("Content-Encoding")).isEmpty();
    assertThat(range.bodyText()).isEqualTo(CSS.substring(0, 6));
    assertThat(range.header("Vary")).contains("Accept-Encoding");
  }

  @Test
  void not_for_small_files_images_or_uploads() throws Exception {
    RawHttpClient.Response tiny = site.raw("GET", "/tiny.css", "Accept-Encoding: gzip");
    RawHttpClient.Response png = site.raw("GET", "/photo.png", "Accept-Encoding: gzip");
    RawHttpClient.Response upload =
        site.raw("GET", "/downloads/notes.txt", "Accept-Encoding: gzip");

    for (RawHttpClient.Response response : new RawHttpClient.Response[] {tiny, png, upload}) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Encoding")).isEmpty();
      assertThat(response.header("Vary")).isEmpty();
    }
    assertThat(upload.header("Content-Security-Policy")).contains("sandbox");
  }

  @Test
  void a_precompressed_sibling_still_wins() throws Exception {
    RawHttpClient.Response pre = site.raw("GET", "/pre.js", "Accept-Encoding: gzip");

    assertThat(pre.header("Content-Encoding")).contains("gzip");
    assertThat(pre.body()).isEqualTo(gzip("var x = 1;\n".repeat(300)));
  }

  @Test
  void a_large_file_streams_compressed_and_chunked() throws Exception {
    RawHttpClient.Response large = site.raw("GET", "/large.txt", "Accept-Encoding: gzip");

    assertThat(large.header("Transfer-Encoding")).contains("chunked");
    assertThat(large.header("Content-Encoding")).contains("gzip");
    assertThat(gunzip(site.get("/large.txt", "Accept-Encoding", "gzip").body())).isEqualTo(LARGE);

    // HEAD: GET's head (chunked, as RFC 9112 §6.1 allows, to say what GET would do), no body,
    // and no compression: the streamed body is only produced when a body is sent
    RawHttpClient.Response head = site.raw("HEAD", "/large.txt", "Accept-Encoding: gzip");
    assertThat(head.body()).isEmpty();
    for (String field :
        new String[] {"Transfer-Encoding", "Content-Encoding", "Content-Type", "ETag", "Vary"}) {
      assertThat(head.header(field)).as(field).isEqualTo(large.header(field));
    }
    assertThat(head.header("Content-Length")).isEmpty();
  }

  @Test
  void compress_off_sends_the_file_as_stored() throws Exception {
    RawHttpClient.Response response = off.raw("GET", "/style.css", "Accept-Encoding: gzip");

    assertThat(response.header("Content-Encoding")).isEmpty();
    assertThat(response.header("Vary")).isEmpty();
    assertThat(response.bodyText()).isEqualTo(CSS);
  }
}
