package dev.mtserver.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload store says where its files appear in the site: the composition root derives nothing.
 */
class UploadAreaInSiteTest {

  @TempDir Path dir;

  private Optional<SitePath> area(Path uploads, Path root) throws IOException {
    return new FileSystemUploadStore(uploads, root).area().directory();
  }

  @Test
  void uploads_below_the_root_are_served_from_their_path() throws IOException {
    Path root = Files.createDirectories(dir.resolve("site"));

    assertThat(area(root.resolve("files/incoming"), root))
        .contains(SitePath.parse("/files/incoming/"));
    assertThat(area(root.resolve(".well-known/drop"), root))
        .as(".well-known is served, so what is stored there is marked as uploads")
        .contains(SitePath.parse("/.well-known/drop/"));
  }

  @Test
  void uploads_outside_the_root_or_below_a_hidden_directory_have_no_url() throws IOException {
    Path root = Files.createDirectories(dir.resolve("site"));

    assertThat(area(dir.resolve("elsewhere"), root)).isEmpty();
    assertThat(area(root.resolve(".private/up"), root)).isEmpty();
    assertThat(area(dir.resolve("site-2"), root)).isEmpty();
    assertThat(new FileSystemUploadStore(dir.resolve("alone")).area().directory())
        .as("no site given")
        .isEmpty();
  }
}
