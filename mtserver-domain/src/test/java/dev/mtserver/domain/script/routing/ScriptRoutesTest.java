package dev.mtserver.domain.script.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The routing decision a PHP application needs, over the in-memory store (ADR 0041). */
class ScriptRoutesTest {

  private final InMemorySite site =
      new InMemorySite()
          .file("/index.php", "<?php")
          .file("/style.css", "body{}")
          .file("/wiki/doku.php", "<?php")
          .file("/wiki/index.php", "<?php")
          .file("/docs/index.html", "<h1>docs</h1>")
          .file("/docs/index.php", "<?php")
          .file("/downloads/index.php", "<?php")
          .file("/downloads/evil.jpg", "GIF89a<?php")
          .file("/.hidden/index.php", "<?php")
          .directory("/empty");
  private final UploadArea uploads = UploadArea.at(SitePath.parse("/downloads/"));
  private final ScriptRoutes plain = new ScriptRoutes(site, uploads, Optional.empty());
  private final ScriptRoutes withFrontController =
      new ScriptRoutes(site, uploads, Optional.of(SitePath.parse("/index.php")));

  private static Optional<ScriptTarget> target(String script, String pathInfo) {
    return Optional.of(new ScriptTarget(SitePath.parse(script), pathInfo));
  }

  @Test
  void a_path_through_a_script_runs_it_with_the_rest_as_path_info() throws IOException {
    assertThat(plain.route(SitePath.parse("/wiki/doku.php/start")))
        .isEqualTo(target("/wiki/doku.php", "/start"));
    assertThat(plain.route(SitePath.parse("/index.php/some/page/")))
        .isEqualTo(target("/index.php", "/some/page/"));
    assertThat(plain.route(SitePath.parse("/wiki/doku.php")))
        .isEqualTo(target("/wiki/doku.php", ""));
  }

  @Test
  void only_a_segment_ending_in_php_is_ever_a_script_so_an_upload_is_never_run()
      throws IOException {
    // the classic hole: evil.jpg is not a script, so the path names /downloads/evil.jpg/x.php,
    // under the uploads, which the script use case refuses (403); evil.jpg itself is never run
    assertThat(plain.route(SitePath.parse("/downloads/evil.jpg/x.php")))
        .isEqualTo(target("/downloads/evil.jpg/x.php", ""));
    assertThat(plain.route(SitePath.parse("/downloads/evil.jpg"))).isEmpty();
    assertThat(withFrontController.route(SitePath.parse("/downloads/evil.jpg"))).isEmpty();
  }

  @Test
  void a_directory_without_index_html_runs_its_index_php() throws IOException {
    assertThat(plain.route(SitePath.ROOT)).isEqualTo(target("/index.php", ""));
    assertThat(plain.route(SitePath.parse("/wiki/"))).isEqualTo(target("/wiki/index.php", ""));
  }

  @Test
  void index_html_comes_before_index_php() throws IOException {
    assertThat(plain.route(SitePath.parse("/docs/"))).isEmpty();
  }

  @Test
  void a_directory_without_its_slash_is_left_to_the_redirect() throws IOException {
    assertThat(plain.route(SitePath.parse("/wiki"))).isEmpty();
    assertThat(withFrontController.route(SitePath.parse("/wiki"))).isEmpty();
  }

  @Test
  void no_index_script_runs_in_the_upload_area_or_a_hidden_directory() throws IOException {
    assertThat(plain.route(SitePath.parse("/downloads/"))).isEmpty();
    assertThat(plain.route(SitePath.parse("/.hidden/"))).isEmpty();
  }

  @Test
  void a_directory_with_no_index_at_all_stays_static() throws IOException {
    assertThat(plain.route(SitePath.parse("/empty/"))).isEmpty();
    assertThat(withFrontController.route(SitePath.parse("/empty/"))).isEmpty();
  }

  @Test
  void files_stay_static_and_are_not_even_looked_up_without_a_front_controller()
      throws IOException {
    assertThat(plain.route(SitePath.parse("/style.css"))).isEmpty();
    assertThat(plain.route(SitePath.parse("/missing"))).isEmpty();
    site.failLookups(new IOException("must not be asked"));
    assertThat(plain.route(SitePath.parse("/style.css"))).isEmpty();
  }

  @Test
  void the_front_controller_answers_paths_that_name_nothing() throws IOException {
    assertThat(withFrontController.route(SitePath.parse("/users/7")))
        .isEqualTo(target("/index.php", ""));
    assertThat(withFrontController.route(SitePath.parse("/missing/dir/")))
        .isEqualTo(target("/index.php", ""));
    assertThat(withFrontController.route(SitePath.parse("/.env")))
        .as("a hidden file is as missing, so the application answers, never the file")
        .isEqualTo(target("/index.php", ""));
    assertThat(withFrontController.route(SitePath.parse("/style.css"))).isEmpty();
  }

  @Test
  void a_missing_script_is_not_sent_to_the_front_controller() throws IOException {
    assertThat(withFrontController.route(SitePath.parse("/missing.php")))
        .isEqualTo(target("/missing.php", ""));
  }

  @Test
  void a_store_that_cannot_answer_is_said_so() {
    site.failLookups(
        new StoreUnavailableException(
            StoreUnavailableException.Reason.UNREACHABLE, "bucket unreachable", null));
    assertThatThrownBy(() -> withFrontController.route(SitePath.parse("/users/7")))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void the_front_controller_must_be_a_php_file() {
    assertThatThrownBy(() -> new ScriptRoutes(site, uploads, Optional.of(SitePath.parse("/app/"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ScriptRoutes(site, uploads, Optional.of(SitePath.parse("/index.html"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
