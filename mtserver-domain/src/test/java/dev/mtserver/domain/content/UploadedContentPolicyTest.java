package dev.mtserver.domain.content;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, findings 1 and 2, in the use case: the upload area is data — its files are marked as
 * uploads, an {@code index.html} there is never a directory's page, and precompressed siblings are
 * never used there — while the site's own precompressed variants are used only while fresh.
 */
class UploadedContentPolicyTest {

  private static final Instant OLD = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant NEW = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<ContentCoding> BOTH = List.of(ContentCoding.GZIP, ContentCoding.BROTLI);

  private final InMemorySite site =
      new InMemorySite(NEW)
          .file("/index.html", "site home")
          .file("/docs/index.html", "site docs")
          .file("/downloads/index.html", "<script>uploaded</script>")
          .file("/downloads/archive/index.html", "<script>uploaded</script>")
          .file("/downloads/setup.exe", "MZ real")
          .file("/downloads/setup.exe.gz", "attacker gzip")
          .file("/downloads/setup.exe.br", "attacker brotli")
          .file("/app.js", "fresh")
          .file("/app.js.gz", "same age")
          .file("/edited.js", "edited".getBytes(UTF_8), NEW)
          .file("/edited.js.gz", "stale".getBytes(UTF_8), OLD)
          .file("/edited.js.br", "fresh".getBytes(UTF_8), NEW.plusSeconds(1));
  private final UploadArea area = UploadArea.at(SitePath.parse("/downloads/"));
  private final StaticContentService service =
      new StaticContentService(site, DirectoryListings.DISABLED, area);
  private final StaticContentService listing =
      new StaticContentService(site, DirectoryListings.ENABLED, area);

  private static ContentOutcome.Found found(ContentOutcome outcome) {
    assertThat(outcome).isInstanceOf(ContentOutcome.Found.class);
    return (ContentOutcome.Found) outcome;
  }

  @Test
  void a_file_of_the_upload_area_is_marked_as_an_upload_and_a_site_file_is_not()
      throws IOException {
    assertThat(found(service.serve(SitePath.parse("/downloads/index.html"))).origin())
        .isEqualTo(ContentOrigin.UPLOAD);
    assertThat(found(service.serve(SitePath.parse("/index.html"))).origin())
        .isEqualTo(ContentOrigin.SITE);
    assertThat(found(service.serve(SitePath.ROOT)).isUpload()).isFalse();
  }

  @Test
  void an_uploaded_index_html_never_serves_its_directory() throws IOException {
    for (String directory : List.of("/downloads/", "/downloads/archive/")) {
      assertThat(service.serve(SitePath.parse(directory)))
          .as(directory)
          .isInstanceOf(ContentOutcome.NotFound.class);
      assertThat(listing.serve(SitePath.parse(directory)))
          .as(directory)
          .isInstanceOfSatisfying(
              ContentOutcome.Listing.class,
              list -> {
                assertThat(list.isUpload()).isTrue();
                assertThat(list.entries()).extracting(DirectoryEntry::name).contains("index.html");
              });
    }
    assertThat(found(service.serve(SitePath.parse("/docs/"))).resource().path())
        .isEqualTo(SitePath.parse("/docs/index.html")); // the site's own index pages still serve
  }

  @Test
  void without_an_upload_area_nothing_is_an_upload() throws IOException {
    StaticContentService noUploads = new StaticContentService(site);

    assertThat(found(noUploads.serve(SitePath.parse("/downloads/"))).isUpload()).isFalse();
  }

  @Test
  void precompressed_siblings_are_never_used_in_the_upload_area() throws IOException {
    ContentOutcome.Found found =
        found(service.serve(new ContentRequest(SitePath.parse("/downloads/setup.exe"), BOTH)));

    assertThat(found.resource().path()).isEqualTo(SitePath.parse("/downloads/setup.exe"));
    assertThat(found.coding()).isEmpty();
    assertThat(found.variesByCoding()).isFalse();
    assertThat(found.isUpload()).isTrue();
  }

  @Test
  void a_site_variant_as_new_as_its_file_is_used() throws IOException {
    ContentOutcome.Found found =
        found(service.serve(new ContentRequest(SitePath.parse("/app.js"), BOTH)));

    assertThat(found.coding()).contains(ContentCoding.GZIP);
  }

  @Test
  void a_site_variant_older_than_its_file_is_ignored_and_a_fresh_one_still_used()
      throws IOException {
    ContentOutcome.Found gzipOnly =
        found(
            service.serve(
                new ContentRequest(SitePath.parse("/edited.js"), List.of(ContentCoding.GZIP))));
    ContentOutcome.Found both =
        found(service.serve(new ContentRequest(SitePath.parse("/edited.js"), BOTH)));

    assertThat(gzipOnly.coding()).isEmpty();
    assertThat(gzipOnly.resource().path()).isEqualTo(SitePath.parse("/edited.js"));
    assertThat(gzipOnly.variesByCoding()).isTrue(); // the fresh .br exists for other clients
    assertThat(both.coding()).contains(ContentCoding.BROTLI);
  }

  @Test
  void only_stale_variants_do_not_make_a_file_vary() throws IOException {
    InMemorySite stale =
        new InMemorySite(NEW)
            .file("/a.css", "new".getBytes(UTF_8), NEW)
            .file("/a.css.gz", "old".getBytes(UTF_8), OLD);

    ContentOutcome.Found found =
        found(
            new StaticContentService(stale)
                .serve(new ContentRequest(SitePath.parse("/a.css"), BOTH)));

    assertThat(found.coding()).isEmpty();
    assertThat(found.variesByCoding()).isFalse();
  }

  @Test
  void an_upload_outcome_cannot_carry_a_variant() throws IOException {
    Resource resource = found(service.serve(SitePath.parse("/downloads/setup.exe"))).resource();

    assertThatThrownBy(
            () ->
                new ContentOutcome.Found(
                    resource, Optional.of(ContentCoding.GZIP), true, ContentOrigin.UPLOAD))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
