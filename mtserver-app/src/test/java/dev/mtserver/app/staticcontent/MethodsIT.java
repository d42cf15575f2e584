package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which methods a static site answers, and how it refuses the others. */
class MethodsIT {

  private static final String ALLOW = "GET, HEAD, POST, OPTIONS";

  @TempDir static Path dir;
  static TestSite site;

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    site.file("index.html", "<h1>home</h1>");
    site.file("page.php", "<?php $password = 'hunter2'; ?>");
    site.file("dir/index.php", "<?php $password = 'hunter2'; ?>");
    site.start();
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  @ParameterizedTest(name = "OPTIONS {0}")
  @ValueSource(strings = {"*", "/", "/index.html", "/missing", "/page.php"})
  void options_is_204_with_allow(String target) throws Exception {
    RawHttpClient.Response response = site.raw("OPTIONS", target);

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.header("Allow")).contains(ALLOW);
    assertThat(response.body()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PUT", "DELETE", "PATCH"})
  void known_methods_that_change_files_are_405_with_allow(String method) throws Exception {
    for (String target : new String[] {"/index.html", "/page.php", "/missing"}) {
      RawHttpClient.Response response = site.raw(method, target, "Content-Length: 0");

      assertThat(response.status()).as(method + " " + target).isEqualTo(405);
      assertThat(response.header("Allow")).contains(ALLOW);
      assertThat(response.text()).doesNotContain("hunter2");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"BREW", "PROPFIND", "get", "Get", "MKCOL"})
  void unknown_method_tokens_are_501(String method) throws Exception {
    assertThat(site.raw(method, "/index.html").status()).isEqualTo(501);
  }

  @ParameterizedTest(name = "{0} /page.php")
  @ValueSource(strings = {"GET", "HEAD"})
  void php_source_is_never_sent(String method) throws Exception {
    RawHttpClient.Response response = site.raw(method, "/page.php");

    assertThat(response.status()).isEqualTo(501);
    assertThat(response.text()).doesNotContain("hunter2").doesNotContain("<?php");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/PAGE.PHP", "/page.PhP", "/page.php?x=1", "/page.php/", "/%70age.php"})
  void php_source_is_never_sent_however_it_is_spelled(String target) throws Exception {
    RawHttpClient.Response response = site.raw("GET", target);

    assertThat(response.status()).isIn(404, 501);
    assertThat(response.text()).doesNotContain("hunter2");
  }

  @Test
  void a_directory_whose_only_index_is_php_does_not_send_it() throws Exception {
    RawHttpClient.Response response = site.raw("GET", "/dir/");

    assertThat(response.text()).doesNotContain("hunter2");
  }

  @Test
  void head_never_has_a_body() throws Exception {
    RawHttpClient.Response response = site.raw("HEAD", "/index.html");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Length")).contains("13");
    assertThat(response.body()).isEmpty();
  }
}
