package dev.mtserver.http.site.content;

import static dev.mtserver.http.site.content.TestRequests.bodyBytes;
import static dev.mtserver.http.site.content.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.store.AccessRefusedException;
import dev.mtserver.domain.store.GoneException;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.store.StoreUnavailableException.Reason;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTTP mapping of the static-content use case, over the in-memory site (no sockets, no disk).
 */
class StaticContentHandlerTest {

  private static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05Z");

  private final InMemorySite site =
      new InMemorySite(MODIFIED)
          .file("/index.html", "<h1>home</h1>")
          .file("/digits.txt", "0123456789")
          .file("/app.js", "console.log('plain')")
          .file("/app.js.gz", "GZIPPED-BYTES")
          .file("/app.js.br", "BROTLI-BYTES")
          .file("/page.php", "<?php echo 'secret'; ?>")
          .file("/docs/readme.md", "# docs")
          .directory("/empty");
  private final StaticContentHandler handler =
      new StaticContentHandler(new StaticContentService(site));

  private static String text(HttpResponse response) {
    return new String(bodyBytes(response.body()), StandardCharsets.UTF_8);
  }

  private static List<String> headerLines(HttpResponse response) {
    HttpFields fields = response.headers();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      lines.add(fields.name(i) + ": " + fields.value(i));
    }
    return lines;
  }

  @Test
  void a_file_has_validators_type_ranges_nosniff_and_no_cache() {
    HttpResponse response = handler.handle(request("GET", "/digits.txt"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("0123456789");
    assertThat(response.body().length()).isEqualTo(10);
    assertThat(response.headers().first("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(response.headers().first("ETag"))
        .hasValueSatisfying(tag -> assertThat(tag).matches("\"[^\"]+\""));
    assertThat(response.headers().first("Last-Modified")).contains("Fri, 02 Jan 2026 03:04:05 GMT");
    assertThat(response.headers().first("Accept-Ranges")).contains("bytes");
    assertThat(response.headers().first("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.headers().first("Cache-Control")).contains("no-cache");
    assertThat(response.headers().contains("Vary")).isFalse();
  }

  @Test
  void head_has_exactly_the_headers_and_length_of_get() {
    for (String[] extra :
        List.of(
            new String[0],
            new String[] {"Range", "bytes=2-4"},
            new String[] {"Accept-Encoding", "gzip"},
            new String[] {"Range", "bytes=99-"})) {
      HttpResponse get = handler.handle(request("GET", "/app.js", extra));
      HttpResponse head = handler.handle(request("HEAD", "/app.js", extra));

      assertThat(head.status()).isEqualTo(get.status());
      assertThat(headerLines(head)).isEqualTo(headerLines(get));
      assertThat(head.body().length()).isEqualTo(get.body().length());
    }
  }

  @Test
  void a_matching_if_none_match_is_304_with_the_validators_and_no_body() {
    String etag =
        handler.handle(request("GET", "/digits.txt")).headers().first("ETag").orElseThrow();

    HttpResponse response = handler.handle(request("GET", "/digits.txt", "If-None-Match", etag));

    assertThat(response.status()).isEqualTo(304);
    assertThat(response.body()).isInstanceOf(ResponseBody.Empty.class);
    assertThat(response.headers().first("ETag")).contains(etag);
    assertThat(response.headers().first("Cache-Control")).contains("no-cache");
    assertThat(response.headers().contains("Content-Type")).isFalse();
  }

  @Test
  void if_modified_since_at_the_modification_time_is_304() {
    HttpResponse response =
        handler.handle(
            request("GET", "/digits.txt", "If-Modified-Since", "Fri, 02 Jan 2026 03:04:05 GMT"));

    assertThat(response.status()).isEqualTo(304);
  }

  @Test
  void a_failed_if_match_or_if_unmodified_since_is_412() {
    assertThat(handler.handle(request("GET", "/digits.txt", "If-Match", "\"other\"")).status())
        .isEqualTo(412);
    assertThat(
            handler
                .handle(
                    request(
                        "GET",
                        "/digits.txt",
                        "If-Unmodified-Since",
                        "Thu, 01 Jan 2026 00:00:00 GMT"))
                .status())
        .isEqualTo(412);
  }

  @Test
  void a_single_range_is_206_with_content_range() {
    HttpResponse response = handler.handle(request("GET", "/digits.txt", "Range", "bytes=2-4"));

    assertThat(response.status()).isEqualTo(206);
    assertThat(text(response)).isEqualTo("234");
    assertThat(response.headers().first("Content-Range")).contains("bytes 2-4/10");
    assertThat(response.headers().first("Content-Type")).contains("text/plain; charset=utf-8");
  }

  @Test
  void an_unsatisfiable_range_is_416_with_the_size() {
    HttpResponse response = handler.handle(request("GET", "/digits.txt", "Range", "bytes=10-"));

    assertThat(response.status()).isEqualTo(416);
    assertThat(response.headers().first("Content-Range")).contains("bytes */10");
  }

  @Test
  void several_ranges_are_multipart_byteranges() {
    HttpResponse response = handler.handle(request("GET", "/digits.txt", "Range", "bytes=0-0,-1"));

    assertThat(response.status()).isEqualTo(206);
    String type = response.headers().first("Content-Type").orElseThrow();
    assertThat(type).startsWith("multipart/byteranges; boundary=");
    String boundary = type.substring(type.indexOf('=') + 1);
    assertThat(text(response))
        .isEqualTo(
            "--"
                + boundary
                + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Range: bytes 0-0/10\r\n\r\n"
                + "0\r\n"
                + "--"
                + boundary
                + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Range: bytes 9-9/10\r\n\r\n"
                + "9\r\n"
                + "--"
                + boundary
                + "--\r\n");
    assertThat(response.headers().contains("Content-Range")).isFalse();
  }

  @Test
  void a_stale_if_range_gets_the_whole_file() {
    HttpResponse response =
        handler.handle(
            request("GET", "/digits.txt", "Range", "bytes=2-4", "If-Range", "\"stale\""));

    assertThat(response.status()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("0123456789");
  }

  @Test
  void a_current_if_range_keeps_the_range() {
    String etag =
        handler.handle(request("GET", "/digits.txt")).headers().first("ETag").orElseThrow();

    HttpResponse response =
        handler.handle(request("GET", "/digits.txt", "Range", "bytes=2-4", "If-Range", etag));

    assertThat(response.status()).isEqualTo(206);
  }

  @Test
  void a_precompressed_sibling_is_served_to_clients_that_accept_it() {
    HttpResponse gzip = handler.handle(request("GET", "/app.js", "Accept-Encoding", "gzip"));
    HttpResponse brotli = handler.handle(request("GET", "/app.js", "Accept-Encoding", "gzip, br"));
    HttpResponse plain = handler.handle(request("GET", "/app.js"));

    assertThat(text(gzip)).isEqualTo("GZIPPED-BYTES");
    assertThat(gzip.headers().first("Content-Encoding")).contains("gzip");
    assertThat(gzip.headers().first("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(text(brotli)).isEqualTo("BROTLI-BYTES");
    assertThat(brotli.headers().first("Content-Encoding")).contains("br");
    assertThat(text(plain)).isEqualTo("console.log('plain')");
    assertThat(plain.headers().contains("Content-Encoding")).isFalse();
    for (HttpResponse response : List.of(gzip, brotli, plain)) {
      assertThat(response.headers().first("Vary")).contains("Accept-Encoding");
    }
    assertThat(List.of(gzip, brotli, plain))
        .extracting(r -> r.headers().first("ETag").orElseThrow())
        .doesNotHaveDuplicates();
  }

  @Test
  void several_ranges_of_a_compressed_representation_get_the_whole_of_it() {
    HttpResponse response =
        handler.handle(
            request("GET", "/app.js", "Accept-Encoding", "gzip", "Range", "bytes=0-1,3-4"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("GZIPPED-BYTES");
  }

  @Test
  void a_directory_without_slash_is_redirected_keeping_the_query() {
    HttpResponse response = handler.handle(request("GET", "/docs?lang=en&x=%20"));

    assertThat(response.status()).isEqualTo(301);
    assertThat(response.headers().first("Location")).contains("/docs/?lang=en&x=%20");
  }

  @Test
  void a_script_is_501_and_its_source_never_sent() {
    HttpResponse response = handler.handle(request("GET", "/page.php"));

    assertThat(response.status()).isEqualTo(501);
    assertThat(text(response)).doesNotContain("secret");
  }

  @Test
  void a_directory_without_index_is_404_unless_listings_are_enabled() {
    var listing =
        new StaticContentHandler(new StaticContentService(site, DirectoryListings.ENABLED));

    assertThat(handler.handle(request("GET", "/empty/")).status()).isEqualTo(404);
    HttpResponse listed = listing.handle(request("GET", "/docs/"));
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.headers().first("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(listed.headers().first("Content-Security-Policy")).isPresent();
    assertThat(text(listed)).contains("readme.md");
  }

  @Test
  void cache_control_is_configurable_or_omitted() {
    var custom =
        new StaticContentHandler(
            new StaticContentService(site),
            StaticContentOptions.withCacheControl("public, max-age=60"));
    var none =
        new StaticContentHandler(
            new StaticContentService(site), StaticContentOptions.withCacheControl(""));

    assertThat(custom.handle(request("GET", "/digits.txt")).headers().first("Cache-Control"))
        .contains("public, max-age=60");
    assertThat(none.handle(request("GET", "/digits.txt")).headers().contains("Cache-Control"))
        .isFalse();
  }

  @Test
  void a_missing_file_is_a_plain_404() {
    HttpResponse response = handler.handle(request("GET", "/nope.txt"));

    assertThat(response.status()).isEqualTo(404);
    assertThat(text(response)).isEqualTo("404 Not Found\n");
  }

  @Test
  void a_file_gone_or_refused_since_its_look_up_is_a_plain_404() {
    for (IOException failure :
        new IOException[] {
          new GoneException("removed /srv/site/digits.txt", null),
          new AccessRefusedException("denied", null)
        }) {
      site.failReads(failure);

      HttpResponse response = handler.handle(request("GET", "/digits.txt"));

      assertThat(response.status()).as(failure.getClass().getSimpleName()).isEqualTo(404);
      assertThat(text(response)).isEqualTo("404 Not Found\n");
    }
  }

  @Test
  void
      a_store_that_cannot_answer_is_502_when_unreachable_and_504_when_slow_and_says_nothing_of_it() {
    site.failLookups(
        new StoreUnavailableException(Reason.UNREACHABLE, "bucket at 10.0.0.9 refused", null));
    HttpResponse unreachable = handler.handle(request("GET", "/digits.txt"));
    site.failLookups(
        new StoreUnavailableException(Reason.TIMED_OUT, "bucket at 10.0.0.9 silent", null));
    HttpResponse slow = handler.handle(request("HEAD", "/digits.txt"));

    assertThat(unreachable.status()).isEqualTo(502);
    assertThat(slow.status()).isEqualTo(504);
    assertThat(text(unreachable) + text(slow)).doesNotContain("10.0.0.9");
  }
}
