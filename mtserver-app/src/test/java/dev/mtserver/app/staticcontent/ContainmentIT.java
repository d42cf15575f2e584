package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.app.ContentSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing outside the root, nothing hidden and nothing but regular files ever comes back — asked
 * for in every way a client can spell it, on raw sockets so that no client library tidies the
 * request first. A secret file and a private directory sit beside the root; hidden files and links
 * that leave the root sit inside it.
 */
class ContainmentIT {

  private static final String GIT_SECRET = "GIT-SECRET-51b2";
  private static final String ENV_SECRET = "ENV-SECRET-c0d4";

  @TempDir static Path dir;
  static TestSite site;
  static boolean haveFifo;

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    site.file("index.html", "<h1>home</h1>");
    site.file("docs/page.html", "<p>page</p>");
    site.file(".git/config", GIT_SECRET);
    site.file(".env", ENV_SECRET);
    site.file(".hidden-dir/file.txt", ENV_SECRET);
    site.file("docs/.htpasswd", ENV_SECRET);
    site.file("inside.txt", "inside");
    Path root = site.root;
    Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("escape-relative.txt"), Path.of("../secret.txt"));
    Files.createSymbolicLink(root.resolve("escape-dir"), dir.resolve("private"));
    Files.createSymbolicLink(root.resolve("docs/up"), Path.of("../.."));
    Files.createSymbolicLink(root.resolve("to-git"), Path.of(".git/config"));
    Files.createSymbolicLink(root.resolve("alias.txt"), Path.of("inside.txt"));
    Files.createSymbolicLink(root.resolve("docs-alias"), Path.of("docs"));
    haveFifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start().waitFor() == 0;
    // listings on: even a listing must not reveal what is hidden or outside
    site.start(
        new ContentSettings(
            true,
            ContentSettings.defaults().cacheControl(),
            ContentSettings.defaults().fileCacheBytes()));
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  @ParameterizedTest(name = "[{index}] GET {0}")
  @ValueSource(
      strings = {
        // plain and encoded dot-dot
        "/../secret.txt",
        "/../../secret.txt",
        "/docs/../../secret.txt",
        "/./../secret.txt",
        "//../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/docs/%2e%2e/%2e%2e/secret.txt",
        "/docs/.%2e/.%2e/secret.txt",
        // encoded slashes
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/docs/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%2Fprivate%2Fkey.txt",
        // double encoding
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%%32%65%%32%65/secret.txt",
        // backslashes, raw and encoded
        "/..\\secret.txt",
        "/docs\\..\\..\\secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/%2e%2e%5c%2e%2e%5csecret.txt",
        "/docs/..%5c..%5csecret.txt",
        // NUL
        "/secret.txt%00.html",
        "/%00/../secret.txt",
        "/../secret.txt%00",
        // overlong and invalid UTF-8 for '.', '/' and '\'
        "/%c0%ae%c0%ae/secret.txt",
        "/%c0%ae%c0%ae%c0%afsecret.txt",
        "/..%c0%afsecret.txt",
        "/%e0%80%ae%e0%80%ae/secret.txt",
        "/%c1%9c..%c1%9csecret.txt",
        "/%u002e%u002e/secret.txt",
        // absolute-form targets
        "http://localhost/../secret.txt",
        "http://localhost/%2e%2e/secret.txt",
        "http://evil.example/../../secret.txt",
        "HTTP://localhost/..%2fsecret.txt",
        // no leading slash, odd dots
        "../secret.txt",
        "/....//secret.txt",
        "/..;/secret.txt",
        "/...//secret.txt",
        // links that leave the root
        "/escape.txt",
        "/escape-relative.txt",
        "/escape-dir/key.txt",
        "/escape-dir/",
        "/docs/up/secret.txt",
        "/docs/up/private/key.txt",
        // hidden files and directories, plain, encoded and through links
        "/.git/config",
        "/.git/",
        "/.git",
        "/.env",
        "/%2egit/config",
        "/%2Eenv",
        "/.git%2fconfig",
        "/docs/../.git/config",
        "/docs/.htpasswd",
        "/.hidden-dir/file.txt",
        "/.hidden-dir/",
        "/to-git",
        "http://localhost/.git/config",
      })
  void nothing_outside_the_root_or_hidden_ever_comes_back(String target) throws IOException {
    RawHttpClient.Response response = site.raw("GET", target);

    assertThat(response.status()).as("status for %s", target).isIn(400, 404);
    assertThat(response.text())
        .doesNotContain(TestSite.SECRET)
        .doesNotContain(GIT_SECRET)
        .doesNotContain(ENV_SECRET);
  }

  @ParameterizedTest(name = "[{index}] HEAD and GET {0} look like a missing file")
  @ValueSource(
      strings = {"/escape.txt", "/escape-dir/key.txt", "/.git/config", "/.env", "/to-git", "/pipe"})
  void a_refusal_is_indistinguishable_from_a_missing_file(String target) throws IOException {
    RawHttpClient.Response refused = site.raw("GET", target);
    RawHttpClient.Response missing = site.raw("GET", "/no-such-file-at-all");

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.body()).isEqualTo(missing.body());
    assertThat(names(refused.headerLines())).isEqualTo(names(missing.headerLines()));
  }

  private static List<String> names(List<String> headerLines) {
    return headerLines.stream().map(line -> line.substring(0, line.indexOf(':'))).toList();
  }

  @Test
  void links_that_stay_inside_the_root_are_followed() throws Exception {
    assertThat(new String(site.get("/alias.txt").body(), StandardCharsets.UTF_8))
        .isEqualTo("inside");
    assertThat(new String(site.get("/docs-alias/page.html").body(), StandardCharsets.UTF_8))
        .isEqualTo("<p>page</p>");
  }

  @Test
  void a_fifo_is_never_opened_and_the_server_keeps_serving() throws Exception {
    assumeTrue(haveFifo, "mkfifo is available");

    assertThat(site.raw("GET", "/pipe").status()).isEqualTo(404);
    assertThat(site.raw("HEAD", "/pipe").status()).isEqualTo(404);
    assertThat(site.get("/index.html").statusCode()).isEqualTo(200);
  }

  @Test
  void a_listing_shows_neither_hidden_entries_nor_links_that_leave_the_root() throws Exception {
    Files.delete(site.root.resolve("index.html"));
    try {
      RawHttpClient.Response listing = site.raw("GET", "/");

      assertThat(listing.status()).isEqualTo(200);
      assertThat(listing.bodyText())
          .contains("inside.txt", "alias.txt", "docs/")
          .doesNotContain(".git", ".env", ".hidden-dir", "escape", "to-git", "pipe");
    } finally {
      site.file("index.html", "<h1>home</h1>");
    }
  }

  @Test
  void well_known_is_the_one_visible_dot_directory() throws Exception {
    site.file(".well-known/security.txt", "Contact: mailto:security@example.com");

    assertThat(site.get("/.well-known/security.txt").statusCode()).isEqualTo(200);
  }
}
