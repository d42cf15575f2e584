package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.ArchiveLimits;
import dev.mtserver.domain.path.SitePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 with flags away from the defaults: {@code --no-uploads-listing}, archive bounds, {@code
 * --spa /index.html}; and the default {@code --directory-listing} off.
 */
class BrowsingBoundsIT {

  @TempDir static Path dir;
  static TestSite site;

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    site.file("index.html", "<p>the app</p>");
    site.file("assets/app.js", "console.log(1)");
    site.file("docs/one.txt", "1");
    site.file("downloads/a.txt", "a");
    site.file("downloads/b.txt", "b");
    site.start(
        settings ->
            settings.browsing(
                browsing ->
                    browsing
                        .withUploadsListing(false)
                        .withArchives(new ArchiveLimits(1_000, 1))
                        .withSinglePage(Optional.of(SitePath.parse("/index.html")))));
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  @Test
  void no_uploads_listing_makes_the_upload_area_404_and_so_its_archive() throws Exception {
    assertThat(site.raw("GET", "/downloads/").status()).isEqualTo(404);
    assertThat(site.raw("GET", "/downloads/?archive=zip").status()).isEqualTo(404);
    assertThat(site.raw("GET", "/downloads/a.txt").status()).isEqualTo(200);
  }

  @Test
  void a_folder_that_may_not_be_listed_is_no_archive() throws Exception {
    assertThat(site.raw("GET", "/docs/?archive=zip").status()).isEqualTo(404);
  }

  @Test
  void the_single_page_answers_unknown_routes_that_want_html() throws Exception {
    var route = site.get("/app/settings/profile", "Accept", "text/html,*/*;q=0.8");

    assertThat(route.statusCode()).isEqualTo(200);
    assertThat(new String(route.body(), StandardCharsets.UTF_8)).isEqualTo("<p>the app</p>");
    assertThat(site.raw("HEAD", "/app/settings", "Accept: text/html").status()).isEqualTo(200);
  }

  @Test
  void never_for_paths_with_an_extension_the_upload_area_or_clients_not_wanting_html()
      throws Exception {
    assertThat(site.get("/assets/missing.js", "Accept", "text/html").statusCode()).isEqualTo(404);
    assertThat(site.get("/downloads/nothing", "Accept", "text/html").statusCode()).isEqualTo(404);
    assertThat(site.get("/api/items", "Accept", "application/json").statusCode()).isEqualTo(404);
    assertThat(site.get("/assets/app.js").statusCode()).isEqualTo(200);
  }
}
