package dev.mtserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLayoutTest {

  @TempDir Path dir;

  private void refused(Path root, Path uploads, Path data, String... words) {
    assertThatThrownBy(() -> DirectoryLayout.check(root, uploads, data))
        .isInstanceOf(UnsafeLayoutException.class)
        .hasMessageContainingAll(words);
  }

  private void accepted(Path root, Path uploads, Path data) {
    assertThatCode(() -> DirectoryLayout.check(root, uploads, data)).doesNotThrowAnyException();
  }

  @Test
  void the_default_layout_is_accepted_whether_or_not_the_directories_exist() throws IOException {
    Path root = dir.resolve("public");
    accepted(root, root.resolve("downloads"), dir.resolve("data"));
    Files.createDirectories(root.resolve("downloads"));
    Files.createDirectories(dir.resolve("data/spool"));
    accepted(root, root.resolve("downloads"), dir.resolve("data"));
  }

  @Test
  void uploads_outside_the_site_and_data_beside_it_are_accepted() {
    accepted(
        dir.resolve("srv/public"), dir.resolve("srv/uploads"), dir.resolve("var/lib/mtserver"));
  }

  @Test
  void data_inside_or_equal_to_the_root_is_refused() {
    Path root = dir.resolve("public");
    refused(
        root, root.resolve("downloads"), root.resolve("data"), "inside the site root", "--root");
    refused(root, root.resolve("downloads"), root.resolve(".hidden/data"), "inside the site root");
    refused(root, root.resolve("downloads"), root, "is the site root");
  }

  @Test
  void a_root_inside_the_data_directory_is_refused() {
    Path data = dir.resolve("var");
    refused(
        data.resolve("public"),
        dir.resolve("uploads"),
        data,
        "site root",
        "is inside the data directory");
  }

  @Test
  void data_and_uploads_sharing_a_tree_are_refused_either_way() {
    Path root = dir.resolve("public");
    refused(root, dir.resolve("data/incoming"), dir.resolve("data"), "--uploads", "share a tree");
    refused(root, dir.resolve("store"), dir.resolve("store/records"), "--uploads", "share a tree");
    refused(root, dir.resolve("data"), dir.resolve("data"), "--uploads", "share a tree");
  }

  @Test
  void relative_paths_and_dot_dot_cannot_hide_an_overlap() {
    Path root = dir.resolve("public");
    refused(root, root.resolve("downloads"), root.resolve("x/../data"), "inside the site root");
    refused(
        dir.resolve("a/../public"),
        dir.resolve("up"),
        dir.resolve("public/data"),
        "inside the site root");
  }

  @Test
  void a_data_directory_reached_through_a_link_is_judged_by_where_it_leads() throws IOException {
    Path root = Files.createDirectories(dir.resolve("public"));
    Files.createDirectories(root.resolve("private"));
    Path link = Files.createSymbolicLink(dir.resolve("records"), root.resolve("private"));

    refused(
        root,
        root.resolve("downloads"),
        link,
        "'" + link + "' (really " + root.toRealPath().resolve("private"));
    refused(root, root.resolve("downloads"), link.resolve("not-yet"), "inside the site root");
  }

  @Test
  void a_spool_or_submissions_file_linked_into_the_site_or_the_uploads_is_refused()
      throws IOException {
    Path root = Files.createDirectories(dir.resolve("public"));
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(root.resolve("bodies"));
    Files.createSymbolicLink(data.resolve(MtServer.SPOOL_DIRECTORY), root.resolve("bodies"));
    refused(root, root.resolve("downloads"), data, "spool", "remove the link");

    Files.delete(data.resolve(MtServer.SPOOL_DIRECTORY));
    Path uploads = Files.createDirectories(dir.resolve("uploads"));
    Files.createSymbolicLink(data.resolve(MtServer.SUBMISSIONS_FILE), uploads.resolve("log.jsonl"));
    refused(root, uploads, data, MtServer.SUBMISSIONS_FILE, "remove the link");
  }

  @Test
  void a_resumable_directory_linked_into_the_site_or_the_uploads_is_refused() throws IOException {
    Path root = Files.createDirectories(dir.resolve("public"));
    Path data = Files.createDirectories(dir.resolve("data"));
    Path downloads = Files.createDirectories(root.resolve("downloads"));
    Files.createSymbolicLink(data.resolve(MtServer.RESUMABLE_DIRECTORY), downloads);
    refused(root, downloads, data, MtServer.RESUMABLE_DIRECTORY, "remove the link");
  }

  @Test
  void an_access_log_file_inside_the_site_or_the_uploads_is_refused_and_elsewhere_accepted() {
    Path root = dir.resolve("public");
    Path uploads = dir.resolve("uploads");
    Path data = dir.resolve("data");

    assertThatThrownBy(
            () ->
                DirectoryLayout.check(
                    root, uploads, data, Optional.of(root.resolve("logs/access.log"))))
        .isInstanceOfSatisfying(
            UnsafeLayoutException.class, e -> assertThat(e.flag()).isEqualTo("--access-log"))
        .hasMessageContaining("access log");
    assertThatThrownBy(
            () ->
                DirectoryLayout.check(
                    root, uploads, data, Optional.of(uploads.resolve("access.log"))))
        .isInstanceOf(UnsafeLayoutException.class);
    assertThatCode(
            () ->
                DirectoryLayout.check(
                    root, uploads, data, Optional.of(dir.resolve("logs/access.log"))))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                DirectoryLayout.check(root, uploads, data, Optional.of(data.resolve("access.log"))))
        .doesNotThrowAnyException();
  }

  @Test
  void the_real_path_of_a_missing_directory_goes_through_its_nearest_existing_parent()
      throws IOException {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);

    assertThat(DirectoryLayout.realPath(link.resolve("a/b")))
        .isEqualTo(real.toRealPath().resolve("a/b"));
  }
}
