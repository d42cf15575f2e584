package dev.mtserver.domain.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySite;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The use case runs over the in-memory store: no file system is needed to decide what to serve. */
class StaticContentServiceTest {

  private final InMemorySite site =
      new InMemorySite()
          .file("/index.html", "<h1>home</h1>")
          .file("/style.css", "body{}")
          .file("/docs/index.html", "<h1>docs</h1>")
          .directory("/empty");
  private final StaticContentService service = new StaticContentService(site);

  @Test
  void a_file_is_found_with_its_media_type() throws IOException {
    ContentOutcome outcome = service.serve(SitePath.parse("/style.css"));

    assertThat(outcome).isInstanceOfSatisfying(ContentOutcome.Found.class, found -> {
      assertThat(found.resource().mediaType()).isEqualTo("text/css; charset=utf-8");
      assertThat(found.resource().size()).isEqualTo(6);
    });
  }

  @Test
  void the_root_serves_its_index_page() throws IOException {
    ContentOutcome outcome = service.serve(SitePath.ROOT);

    assertThat(outcome).isInstanceOfSatisfying(ContentOutcome.Found.class, found ->
        assertThat(found.resource().path()).isEqualTo(SitePath.parse("/index.html")));
  }

  @Test
  void a_directory_without_its_slash_is_redirected_to_the_slashed_path() throws IOException {
    assertThat(service.serve(SitePath.parse("/docs")))
        .isEqualTo(new ContentOutcome.RedirectToDirectory(SitePath.parse("/docs/")));
  }

  @Test
  void a_directory_without_an_index_is_not_found() throws IOException {
    assertThat(service.serve(SitePath.parse("/empty/"))).isInstanceOf(ContentOutcome.NotFound.class);
  }

  @Test
  void a_missing_file_and_a_file_asked_for_as_a_directory_are_not_found() throws IOException {
    assertThat(service.serve(SitePath.parse("/nope.html"))).isInstanceOf(ContentOutcome.NotFound.class);
    assertThat(service.serve(SitePath.parse("/style.css/"))).isInstanceOf(ContentOutcome.NotFound.class);
  }
}
