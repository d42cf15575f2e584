package dev.mtserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadAreaWiringTest {

  @TempDir Path dir;

  @Test
  void uploads_below_the_root_are_served_from_their_path() throws IOException {
    Path root = Files.createDirectories(dir.resolve("site"));
    Path uploads = Files.createDirectories(root.resolve("files/incoming"));

    assertThat(MtServer.uploadArea(root, uploads).directory()).contains(SitePath.parse("/files/incoming/"));
  }

  @Test
  void uploads_outside_the_root_or_below_a_hidden_directory_have_no_url() throws IOException {
    Path root = Files.createDirectories(dir.resolve("site"));

    assertThat(MtServer.uploadArea(root, Files.createDirectories(dir.resolve("elsewhere"))).directory()).isEmpty();
    assertThat(MtServer.uploadArea(root, Files.createDirectories(root.resolve(".private/up"))).directory()).isEmpty();
    assertThat(MtServer.uploadArea(root, Files.createDirectories(dir.resolve("site-2"))).directory()).isEmpty();
  }
}
