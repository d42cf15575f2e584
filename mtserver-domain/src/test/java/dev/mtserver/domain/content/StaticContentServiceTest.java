package dev.mtserver.domain.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySite;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The use case runs over the in-memory store: no file system is needed to decide what to serve. */
class StaticContentServiceTest {

  private static final Instant OLD = Instant.parse("2025-01-01T00:00:00Z");

  private final InMemorySite site =
      new InMemorySite()
          .file("/index.html", "<h1>home</h1>")
          .file("/style.css", "body{}")
          .file("/docs/index.html", "<h1>docs</h1>")
          .file("/app.js", "plain")
          .file("/app.js.gz", "gz")
          .file("/app.js.br", "br")
          .file("/only-gzip.css", "plain")
          .file("/only-gzip.css.gz", "gz")
          .file("/page.php", "<?php ?>")
          .file("/files/b.txt", "bb")
          .file("/files/A.txt", new byte[] {(byte) 'a'}, OLD)
          .file("/files/.secret", "hidden")
          .directory("/files/zdir")
          .directory("/files/adir")
          .directory("/empty");
  private final StaticContentService service = new StaticContentService(site);
  private final StaticContentService listing =
      new StaticContentService(site, DirectoryListings.ENABLED);

  private ContentOutcome.Found found(ContentOutcome outcome) {
    assertThat(outcome).isInstanceOf(ContentOutcome.Found.class);
    return (ContentOutcome.Found) outcome;
  }

  @Test
  void a_file_is_found_with_its_media_type() throws IOException {
    ContentOutcome.Found found = found(service.serve(SitePath.parse("/style.css")));

    assertThat(found.resource().mediaType()).isEqualTo("text/css; charset=utf-8");
    assertThat(found.resource().size()).isEqualTo(6);
    assertThat(found.coding()).isEmpty();
    assertThat(found.variesByCoding()).isFalse();
  }

  @Test
  void the_root_serves_its_index_page() throws IOException {
    assertThat(found(service.serve(SitePath.ROOT)).resource().path())
        .isEqualTo(SitePath.parse("/index.html"));
  }

  @Test
  void a_directory_without_its_slash_is_redirected_to_the_slashed_path() throws IOException {
    assertThat(service.serve(SitePath.parse("/docs")))
        .isEqualTo(new ContentOutcome.RedirectToDirectory(SitePath.parse("/docs/")));
  }

  @Test
  void a_directory_without_an_index_is_not_found_when_listings_are_off() throws IOException {
    assertThat(service.serve(SitePath.parse("/empty/")))
        .isInstanceOf(ContentOutcome.NotFound.class);
  }

  @Test
  void a_directory_without_an_index_is_listed_directories_first_then_by_name_without_hidden_names()
      throws IOException {
    ContentOutcome outcome = listing.serve(SitePath.parse("/files/"));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ContentOutcome.Listing.class,
            list -> {
              assertThat(list.directory()).isEqualTo(SitePath.parse("/files/"));
              assertThat(list.entries())
                  .extracting(DirectoryEntry::name)
                  .containsExactly("adir", "zdir", "A.txt", "b.txt");
              assertThat(list.entries().get(2).size()).isEqualTo(1);
              assertThat(list.entries().get(2).lastModified()).isEqualTo(OLD);
              assertThat(list.entries().get(0).directory()).isTrue();
            });
  }

  @Test
  void an_index_page_wins_over_a_listing() throws IOException {
    assertThat(listing.serve(SitePath.parse("/docs/"))).isInstanceOf(ContentOutcome.Found.class);
  }

  @Test
  void a_missing_file_and_a_file_asked_for_as_a_directory_are_not_found() throws IOException {
    assertThat(service.serve(SitePath.parse("/nope.html")))
        .isInstanceOf(ContentOutcome.NotFound.class);
    assertThat(service.serve(SitePath.parse("/style.css/")))
        .isInstanceOf(ContentOutcome.NotFound.class);
  }

  @Test
  void hidden_names_are_not_found() throws IOException {
    assertThat(service.serve(SitePath.parse("/files/.secret")))
        .isInstanceOf(ContentOutcome.NotFound.class);
  }

  @Test
  void a_script_is_never_found_as_content() throws IOException {
    assertThat(service.serve(SitePath.parse("/page.php")))
        .isEqualTo(new ContentOutcome.Script(SitePath.parse("/page.php")));
  }

  @Test
  void the_clients_preferred_precompressed_sibling_is_chosen_with_the_original_media_type()
      throws IOException {
    ContentOutcome.Found gzipFirst =
        found(
            service.serve(
                new ContentRequest(
                    SitePath.parse("/app.js"), List.of(ContentCoding.GZIP, ContentCoding.BROTLI))));
    ContentOutcome.Found brotliFirst =
        found(
            service.serve(
                new ContentRequest(
                    SitePath.parse("/app.js"), List.of(ContentCoding.BROTLI, ContentCoding.GZIP))));

    assertThat(gzipFirst.coding()).contains(ContentCoding.GZIP);
    assertThat(gzipFirst.resource().path()).isEqualTo(SitePath.parse("/app.js.gz"));
    assertThat(gzipFirst.resource().mediaType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(brotliFirst.coding()).contains(ContentCoding.BROTLI);
    assertThat(gzipFirst.variesByCoding()).isTrue();
  }

  @Test
  void an_accepted_coding_without_a_sibling_falls_back_to_the_next_or_the_plain_file()
      throws IOException {
    ContentOutcome.Found found =
        found(
            service.serve(
                new ContentRequest(
                    SitePath.parse("/only-gzip.css"),
                    List.of(ContentCoding.BROTLI, ContentCoding.GZIP))));
    ContentOutcome.Found plain =
        found(
            service.serve(
                new ContentRequest(
                    SitePath.parse("/style.css"),
                    List.of(ContentCoding.BROTLI, ContentCoding.GZIP))));

    assertThat(found.coding()).contains(ContentCoding.GZIP);
    assertThat(plain.coding()).isEmpty();
    assertThat(plain.variesByCoding()).isFalse();
  }

  @Test
  void the_plain_file_still_varies_when_a_sibling_exists_that_this_client_does_not_accept()
      throws IOException {
    ContentOutcome.Found found = found(service.serve(SitePath.parse("/app.js")));

    assertThat(found.coding()).isEmpty();
    assertThat(found.resource().path()).isEqualTo(SitePath.parse("/app.js"));
    assertThat(found.variesByCoding()).isTrue();
  }

  @Test
  void each_representation_has_its_own_strong_entity_tag() throws IOException {
    ContentOutcome.Found plain = found(service.serve(SitePath.parse("/app.js")));
    ContentOutcome.Found gzip =
        found(
            service.serve(
                new ContentRequest(SitePath.parse("/app.js"), List.of(ContentCoding.GZIP))));

    assertThat(plain.entityTag().value()).startsWith("\"").endsWith("\"").doesNotStartWith("W/");
    assertThat(gzip.entityTag().value())
        .isNotEqualTo(plain.entityTag().value())
        .endsWith("-gzip\"");
    assertThat(new ContentOutcome.Found(plain.resource(), Optional.empty(), true).entityTag())
        .isEqualTo(plain.entityTag());
  }
}
