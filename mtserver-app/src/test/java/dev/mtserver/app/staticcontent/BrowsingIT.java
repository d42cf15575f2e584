package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.ContentSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 over real sockets with the default settings plus {@code --directory-listing}: the upload
 * area listed (sorted, as JSON, names escaped), folders as one zip where they may be listed, and
 * the site's {@code 404.html}.
 */
class BrowsingIT {

  @TempDir static Path dir;
  static TestSite site;

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    site.file("index.html", "<p>home</p>");
    site.file("404.html", "<h1>Lost? Try the home page.</h1>");
    site.file("docs/guide.txt", "guide");
    site.file("docs/sub/deep.txt", "deep");
    site.file("docs/.hidden", "hidden");
    site.file("docs/run.php", "<?php echo 'source'; ?>");
    Files.createSymbolicLink(site.root.resolve("docs/escape.txt"), dir.resolve("secret.txt"));
    site.file("downloads/big.bin", new byte[5000]);
    site.file("downloads/<img src=x onerror=alert(1)>.txt", "x");
    site.file("downloads/a.txt", "aaa");
    site.start(settings -> settings.content(new ContentSettings(true, "no-cache", 0)));
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void the_upload_area_is_listed_by_default_in_a_sandboxed_page_with_names_escaped()
      throws Exception {
    HttpResponse<byte[]> page = site.get("/downloads/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .contains("sandbox");
    assertThat(text(page))
        .contains("<title>Index of /downloads/</title>")
        .contains("&lt;img src=x onerror=alert(1)&gt;.txt</a>")
        .doesNotContain("<img")
        .contains("href=\"/downloads/%3Cimg%20src=x%20onerror=alert(1)%3E.txt\"")
        .contains("<a id=\"parent\" href=\"/\">")
        .contains("4.9 KiB")
        .contains("title=\"5,000 bytes\"");
  }

  @Test
  void sorting_links_reorder_the_listing() throws Exception {
    assertThat(text(site.get("/downloads/?sort=size&order=desc")))
        .containsSubsequence("big.bin", "a.txt", "onerror");
    assertThat(text(site.get("/downloads/?sort=size&order=asc")))
        .containsSubsequence("onerror", "a.txt", "big.bin");
  }

  @Test
  void json_on_request_by_query_or_accept() throws Exception {
    HttpResponse<byte[]> byQuery = site.get("/downloads/?format=json");
    HttpResponse<byte[]> byAccept = site.get("/downloads/", "Accept", "application/json");

    for (HttpResponse<byte[]> response : List.of(byQuery, byAccept)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(text(response))
          .startsWith("{\"path\":\"/downloads/\",\"truncated\":false,\"limit\":1000,\"entries\":[")
          .contains(
              "{\"name\":\"a.txt\",\"directory\":false,\"size\":3,"
                  + "\"modified\":\"2026-01-01T10:00:00Z\",\"url\":\"/downloads/a.txt\"}");
    }
    assertThat(byAccept.headers().allValues("Vary")).contains("Accept");
  }

  @Test
  void a_folder_downloads_as_one_zip_streamed_without_hidden_names_scripts_or_escaping_links()
      throws Exception {
    RawHttpClient.Response raw = site.raw("GET", "/docs/?archive=zip");

    assertThat(raw.status()).isEqualTo(200);
    assertThat(raw.header("Content-Type")).contains("application/zip");
    assertThat(raw.header("Transfer-Encoding")).contains("chunked");
    assertThat(raw.header("Content-Length")).isEmpty();
    assertThat(raw.header("Content-Disposition").orElseThrow())
        .startsWith("attachment; filename=\"docs.zip\"");

    HttpResponse<byte[]> zip = site.get("/docs/?archive=zip");
    assertThat(entries(zip.body()))
        .containsExactly("docs/guide.txt=guide", "docs/sub/deep.txt=deep");
  }

  @Test
  void the_upload_area_downloads_as_zip_too() throws Exception {
    HttpResponse<byte[]> zip = site.get("/downloads/?archive=zip");

    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(entries(zip.body()))
        .hasSize(3)
        .contains("downloads/a.txt=aaa", "downloads/<img src=x onerror=alert(1)>.txt=x");
  }

  @Test
  void a_folder_without_the_slash_is_redirected_keeping_the_query_and_an_unknown_format_is_400()
      throws Exception {
    RawHttpClient.Response redirect = site.raw("GET", "/docs?archive=zip");
    assertThat(redirect.status()).isEqualTo(301);
    assertThat(redirect.header("Location")).contains("/docs/?archive=zip");

    assertThat(site.get("/docs/?archive=rar").statusCode()).isEqualTo(400);
  }

  @Test
  void a_missing_path_gets_the_sites_404_page_with_status_404() throws Exception {
    HttpResponse<byte[]> missing = site.get("/no/such/page");
    HttpResponse<byte[]> missingArchive = site.get("/nothing/?archive=zip");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(text(missing)).isEqualTo("<h1>Lost? Try the home page.</h1>");
    assertThat(missing.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(missingArchive.statusCode()).isEqualTo(404);
    RawHttpClient.Response head = site.raw("HEAD", "/no/such/page");
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.body()).isEmpty();
  }

  static List<String> entries(byte[] zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        names.add(entry.getName() + "=" + new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return names;
  }
}
