package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.ContentSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --directory-listing} and {@code --cache-control}, wired in-process. */
class DirectoryListingIT {

  @TempDir static Path dir;
  static TestSite site;

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    site.file("listed/b-second.txt", "22");
    site.file("listed/a-first.txt", "1");
    site.file("listed/<script>alert(1)<%2Fscript>.txt", "x");
    site.file("listed/space & amp.txt", "333");
    site.file("listed/.secret", "hidden");
    site.file("listed/zz-dir/inner.txt", "x");
    site.file("with-index/index.html", "<h1>index</h1>");
    site.file("with-index/other.txt", "x");
    Path dated = site.file("listed/dated.bin", new byte[1234]);
    Files.setLastModifiedTime(dated, FileTime.from(Instant.parse("2024-02-29T13:14:15Z")));
    site.start(
        new ContentSettings(
            true, "public, max-age=60", ContentSettings.defaults().fileCacheBytes()));
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  @Test
  void a_directory_without_index_is_listed_with_escaped_names_sizes_and_dates() throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/listed/");
    String page = response.bodyText();

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(page).contains("<title>Index of /listed/</title>");
    assertThat(page).doesNotContain("<script>");
    assertThat(page).contains("&lt;script&gt;alert(1)&lt;%2Fscript&gt;.txt");
    assertThat(page).contains("href=\"/listed/%3Cscript%3Ealert(1)%3C%252Fscript%3E.txt\"");
    assertThat(page).contains("href=\"/listed/space%20&amp;%20amp.txt\">space &amp; amp.txt</a>");
    assertThat(page).contains("href=\"/listed/zz-dir/\">zz-dir/</a>");
    assertThat(page).contains("<data value=\"1234\">1.2 KiB</data>").contains("2024-02-29 13:14");
    assertThat(page).doesNotContain(".secret");
    assertThat(page).contains("href=\"/\">../</a>");
  }

  @Test
  void entries_are_sorted_directories_first_then_by_name() throws Exception {
    String page = site.raw("GET", "/listed/").bodyText();

    assertThat(page.indexOf("zz-dir/")).isLessThan(page.indexOf("&lt;script"));
    assertThat(page.indexOf("&lt;script")).isLessThan(page.indexOf("a-first.txt"));
    assertThat(page.indexOf("a-first.txt")).isLessThan(page.indexOf("b-second.txt"));
    assertThat(page.indexOf("b-second.txt")).isLessThan(page.indexOf("dated.bin"));
    assertThat(page.indexOf("dated.bin")).isLessThan(page.indexOf("space &amp; amp.txt"));
  }

  @Test
  void the_links_lead_to_the_files() throws Exception {
    assertThat(site.raw("GET", "/listed/space%20&%20amp.txt").bodyText()).isEqualTo("333");
    assertThat(site.raw("GET", "/listed/%3Cscript%3Ealert(1)%3C%252Fscript%3E.txt").bodyText())
        .isEqualTo("x");
  }

  @Test
  void an_index_page_wins_over_the_listing() throws Exception {
    assertThat(site.raw("GET", "/with-index/").bodyText()).isEqualTo("<h1>index</h1>");
  }

  @Test
  void the_configured_cache_control_is_sent_with_files() throws Exception {
    assertThat(site.raw("GET", "/listed/a-first.txt").header("Cache-Control"))
        .contains("public, max-age=60");
  }
}
