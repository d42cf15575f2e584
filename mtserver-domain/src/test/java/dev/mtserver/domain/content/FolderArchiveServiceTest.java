package dev.mtserver.domain.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.testing.InMemorySite;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a folder download holds, and when there is none, over the in-memory store. */
class FolderArchiveServiceTest {

  private final InMemorySite site =
      new InMemorySite()
          .file("/docs/b.txt", "bb")
          .file("/docs/a.txt", "a")
          .file("/docs/.secret", "hidden")
          .file("/docs/run.php", "<?php ?>")
          .file("/docs/sub/deep.txt", "deep")
          .file("/downloads/run.php", "data")
          .file("/page.html", "page");
  private final UploadArea uploads = UploadArea.at(SitePath.parse("/downloads/"));

  private FolderArchiveService service(
      DirectoryListings siteListings, DirectoryListings uploadListings, ArchiveLimits limits) {
    return new FolderArchiveService(
        site, new StaticContentService(site, siteListings, uploadListings, uploads), limits);
  }

  private final FolderArchiveService listed =
      service(DirectoryListings.ENABLED, DirectoryListings.ENABLED, ArchiveLimits.defaults());

  @Test
  void holds_the_visible_files_recursively_by_name_without_the_sites_scripts() throws IOException {
    FolderArchive plan = listed.plan(SitePath.parse("/docs/"));

    assertThat(plan)
        .isInstanceOfSatisfying(
            FolderArchive.Ready.class,
            ready -> {
              assertThat(ready.entries())
                  .extracting(FolderArchive.Entry::name)
                  .containsExactly("a.txt", "b.txt", "sub/deep.txt");
              assertThat(ready.totalBytes()).isEqualTo(7);
            });
  }

  @Test
  void in_the_upload_area_a_php_file_is_data_like_any_other() throws IOException {
    assertThat(listed.plan(SitePath.parse("/downloads/")))
        .isInstanceOfSatisfying(
            FolderArchive.Ready.class,
            ready ->
                assertThat(ready.entries())
                    .extracting(FolderArchive.Entry::name)
                    .containsExactly("run.php"));
  }

  @Test
  void only_where_the_folder_may_be_listed() throws IOException {
    FolderArchiveService uploadsOnly =
        service(DirectoryListings.DISABLED, DirectoryListings.ENABLED, ArchiveLimits.defaults());

    assertThat(uploadsOnly.plan(SitePath.parse("/docs/")))
        .isInstanceOf(FolderArchive.NotFound.class);
    assertThat(uploadsOnly.plan(SitePath.parse("/downloads/")))
        .isInstanceOf(FolderArchive.Ready.class);
  }

  @Test
  void over_either_bound_it_is_too_large_counting_folders_and_left_out_scripts_as_entries()
      throws IOException {
    assertThat(
            service(DirectoryListings.ENABLED, DirectoryListings.ENABLED, new ArchiveLimits(6, 100))
                .plan(SitePath.parse("/docs/")))
        .isInstanceOf(FolderArchive.TooLarge.class);
    assertThat(
            service(DirectoryListings.ENABLED, DirectoryListings.ENABLED, new ArchiveLimits(100, 2))
                .plan(SitePath.parse("/docs/")))
        .isInstanceOf(FolderArchive.TooLarge.class);
    assertThat(
            service(DirectoryListings.ENABLED, DirectoryListings.ENABLED, new ArchiveLimits(7, 5))
                .plan(SitePath.parse("/docs/")))
        .isInstanceOf(FolderArchive.Ready.class);
  }

  @Test
  void a_file_a_missing_path_or_a_folder_without_its_slash_is_no_archive() throws IOException {
    assertThat(listed.plan(SitePath.parse("/page.html")))
        .isInstanceOf(FolderArchive.NotFound.class);
    assertThat(listed.plan(SitePath.parse("/nothing/"))).isInstanceOf(FolderArchive.NotFound.class);
    assertThat(listed.plan(SitePath.parse("/docs")))
        .isEqualTo(new FolderArchive.RedirectToDirectory(SitePath.parse("/docs/")));
  }
}
