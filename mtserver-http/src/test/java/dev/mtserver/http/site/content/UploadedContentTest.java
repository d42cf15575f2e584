package dev.mtserver.http.site.content;

import static dev.mtserver.http.site.content.TestRequests.bodyBytes;
import static dev.mtserver.http.site.content.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.ContentOrigin;
import dev.mtserver.domain.content.ContentOutcome;
import dev.mtserver.domain.content.ContentRequest;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, findings 1 and 8, in the HTTP mapping: an outcome marked as an upload gets the
 * protective fields on every answer that carries or stands for it, decided by the media type sent,
 * and a listing of the upload area is sandboxed; the site's own files and listings are unchanged.
 */
class UploadedContentTest {

  private static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05Z");

  private final InMemorySite site =
      new InMemorySite(MODIFIED)
          .file("/index.html", "site page")
          .file("/downloads/page.html", "<script>alert(1)</script>")
          .file("/downloads/PAGE.HTM", "<script>")
          .file("/downloads/pic.svg", "<svg/>")
          .file("/downloads/app.js", "x")
          .file("/downloads/app.cjs", "x")
          .file("/downloads/feed.xml", "x")
          .file("/downloads/schema.xsd", "x")
          .file("/downloads/news.rss", "x")
          .file("/downloads/news.atom", "x")
          .file("/downloads/page.xhtml", "x")
          .file("/downloads/module.wasm", "x")
          .file("/downloads/unknown.thing", "x")
          .file("/downloads/report.pdf", "x")
          .file("/downloads/notes.txt", "x")
          .file("/downloads/photo.png", "x")
          .directory("/downloads/empty")
          .directory("/site-dir");
  private final UploadArea area = UploadArea.at(SitePath.parse("/downloads/"));
  private final StaticContentHandler handler =
      new StaticContentHandler(new StaticContentService(site, DirectoryListings.DISABLED, area));
  private final StaticContentHandler listing =
      new StaticContentHandler(new StaticContentService(site, DirectoryListings.ENABLED, area));

  private static List<String> headerLines(HttpResponse response) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < response.headers().size(); i++) {
      lines.add(response.headers().name(i) + ": " + response.headers().value(i));
    }
    return lines;
  }

  private static void assertProtected(HttpResponse response, boolean attachment) {
    assertThat(response.headers().all("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(response.headers().all("Content-Security-Policy")).containsExactly("sandbox");
    assertThat(response.headers().all("Content-Disposition"))
        .isEqualTo(attachment ? List.of("attachment") : List.of());
  }

  @ParameterizedTest(name = "{0} -> attachment={1}")
  @CsvSource({
    "/downloads/page.html, true",
    "/downloads/PAGE.HTM, true",
    "/downloads/pic.svg, true",
    "/downloads/app.js, true",
    "/downloads/app.cjs, true",
    "/downloads/feed.xml, true",
    "/downloads/schema.xsd, true",
    "/downloads/news.rss, true",
    "/downloads/news.atom, true",
    "/downloads/page.xhtml, true",
    "/downloads/module.wasm, true",
    "/downloads/unknown.thing, true",
    "/downloads/report.pdf, false",
    "/downloads/notes.txt, false",
    "/downloads/photo.png, false"
  })
  void an_upload_is_sandboxed_and_every_type_not_known_to_be_passive_is_an_attachment(
      String path, boolean attachment) {
    HttpResponse response = handler.handle(request("GET", path));

    assertThat(response.status()).isEqualTo(200);
    assertProtected(response, attachment);
  }

  @Test
  void every_answer_that_carries_or_stands_for_an_upload_is_protected() {
    String etag =
        handler
            .handle(request("GET", "/downloads/page.html"))
            .headers()
            .first("ETag")
            .orElseThrow();

    List<HttpResponse> answers =
        List.of(
            handler.handle(request("HEAD", "/downloads/page.html")),
            handler.handle(request("GET", "/downloads/page.html", "Range", "bytes=0-3")),
            handler.handle(request("GET", "/downloads/page.html", "Range", "bytes=0-1,4-5")),
            handler.handle(request("GET", "/downloads/page.html", "If-None-Match", etag)),
            handler.handle(request("GET", "/downloads/page.html", "Accept-Encoding", "gzip, br")));

    assertThat(answers).extracting(HttpResponse::status).containsExactly(200, 206, 206, 304, 200);
    answers.forEach(response -> assertProtected(response, true));
  }

  @Test
  void head_has_exactly_the_fields_of_get() {
    assertThat(headerLines(handler.handle(request("HEAD", "/downloads/page.html"))))
        .isEqualTo(headerLines(handler.handle(request("GET", "/downloads/page.html"))));
  }

  @Test
  void the_sites_own_files_are_left_alone() {
    HttpResponse response = handler.handle(request("GET", "/index.html"));

    assertThat(response.headers().all("X-Content-Type-Options")).containsExactly("nosniff");
    assertThat(response.headers().contains("Content-Security-Policy")).isFalse();
    assertThat(response.headers().contains("Content-Disposition")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/downloads/", "/downloads/empty/"})
  void a_listing_of_the_upload_area_is_sandboxed_and_a_site_listing_is_not(String directory) {
    HttpResponse upload = listing.handle(request("GET", directory));
    HttpResponse own = listing.handle(request("GET", "/site-dir/"));

    assertThat(upload.status()).isEqualTo(200);
    assertThat(upload.headers().first("Content-Security-Policy"))
        .contains(DirectoryListingPage.CONTENT_SECURITY_POLICY + "; sandbox allow-downloads");
    assertThat(upload.headers().first("X-Content-Type-Options")).contains("nosniff");
    assertThat(own.headers().first("Content-Security-Policy"))
        .contains(DirectoryListingPage.CONTENT_SECURITY_POLICY);
  }

  @Test
  void the_uploads_directory_never_serves_an_uploaded_index_page() {
    InMemorySite withIndex = new InMemorySite(MODIFIED).file("/downloads/index.html", "<script>");
    var off =
        new StaticContentHandler(
            new StaticContentService(withIndex, DirectoryListings.DISABLED, area));
    var on =
        new StaticContentHandler(
            new StaticContentService(withIndex, DirectoryListings.ENABLED, area));

    assertThat(off.handle(request("GET", "/downloads/")).status()).isEqualTo(404);
    HttpResponse listed = on.handle(request("GET", "/downloads/"));
    assertThat(new String(bodyBytes(listed.body()), StandardCharsets.UTF_8))
        .contains("Index of /downloads/")
        .doesNotContain("<script>");
  }

  @Test
  void a_listing_handed_out_again_is_not_rendered_again() {
    ContentOutcome.Listing outcome =
        new ContentOutcome.Listing(
            SitePath.parse("/d/"), List.of(new DirectoryEntry("a.txt", false, 1, MODIFIED)));
    StaticContentHandler same = new StaticContentHandler(request -> outcome);

    byte[] first = ((ResponseBody.Bytes) same.handle(request("GET", "/d/")).body()).content();
    byte[] second = ((ResponseBody.Bytes) same.handle(request("GET", "/d/")).body()).content();

    assertThat(second).isSameAs(first);
    assertThat(new String(first, StandardCharsets.UTF_8)).contains("a.txt");
  }

  @Test
  void a_cut_off_listing_says_so() {
    ContentOutcome.Listing outcome =
        new ContentOutcome.Listing(
            SitePath.parse("/d/"),
            List.of(
                new DirectoryEntry("a.txt", false, 1, MODIFIED),
                new DirectoryEntry("b.txt", false, 1, MODIFIED)),
            true,
            ContentOrigin.SITE);
    StaticContentHandler cut = new StaticContentHandler((ContentRequest request) -> outcome);

    assertThat(
            new String(bodyBytes(cut.handle(request("GET", "/d/")).body()), StandardCharsets.UTF_8))
        .contains("<p>Only 2 entries are shown; this directory holds more.");
  }
}
