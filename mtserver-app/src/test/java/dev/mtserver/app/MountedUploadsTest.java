package dev.mtserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.SiteRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real stores (directories under @TempDir), one mounted at /downloads/ of the other. */
class MountedUploadsTest {

  @TempDir Path dir;
  private MountedUploads site;

  @BeforeEach
  void mount() throws Exception {
    Path root = Files.createDirectories(dir.resolve("site"));
    Files.writeString(root.resolve("index.html"), "home");
    Files.createDirectories(root.resolve("downloads"));
    Files.writeString(root.resolve("downloads/shadowed.txt"), "the site's own");
    Path uploads = Files.createDirectories(dir.resolve("uploads"));
    Files.writeString(uploads.resolve("a.txt"), "uploaded");
    site =
        new MountedUploads(
            new FileSystemSite(new SiteRoot(root)),
            SitePath.parse("/downloads/"),
            new FileSystemSite(new SiteRoot(uploads)));
  }

  @Test
  void a_path_below_the_mount_is_the_uploads_file_named_in_the_sites_terms() throws Exception {
    SiteEntry entry = site.find(SitePath.parse("/downloads/a.txt")).orElseThrow();

    assertThat(entry).isInstanceOf(SiteEntry.File.class);
    SiteEntry.File file = (SiteEntry.File) entry;
    assertThat(file.resource().path()).isEqualTo(SitePath.parse("/downloads/a.txt"));
    assertThat(file.resource().size()).isEqualTo("uploaded".length());
  }

  @Test
  void the_mount_shadows_what_the_site_has_at_that_path() throws Exception {
    assertThat(site.find(SitePath.parse("/downloads/shadowed.txt"))).isEmpty();
    assertThat(site.list(SitePath.parse("/downloads/"), 100))
        .extracting(DirectoryEntry::name)
        .containsExactly("a.txt");
  }

  @Test
  void the_mount_point_is_a_directory_of_the_site_and_listed_once() throws Exception {
    assertThat(site.find(SitePath.parse("/downloads")))
        .hasValueSatisfying(
            entry ->
                assertThat(entry)
                    .isEqualTo(
                        new SiteEntry.Directory(
                            SitePath.parse("/downloads/"),
                            ((SiteEntry.Directory) entry).lastModified())));
    assertThat(site.list(SitePath.ROOT, 100))
        .extracting(DirectoryEntry::name)
        .containsExactlyInAnyOrder("index.html", "downloads");
    assertThat(site.find(SitePath.parse("/index.html"))).isPresent();
  }
}
