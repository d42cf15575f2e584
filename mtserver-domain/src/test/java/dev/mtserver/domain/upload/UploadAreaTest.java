package dev.mtserver.domain.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import org.junit.jupiter.api.Test;

class UploadAreaTest {

  private final UploadArea downloads = UploadArea.at(SitePath.parse("/downloads"));

  @Test
  void contains_the_directory_and_everything_below_it() {
    assertThat(downloads.contains(SitePath.parse("/downloads/"))).isTrue();
    assertThat(downloads.contains(SitePath.parse("/downloads/a/shell.php"))).isTrue();
    assertThat(downloads.contains(SitePath.parse("/downloads-old/x.html"))).isFalse();
    assertThat(downloads.contains(SitePath.parse("/index.html"))).isFalse();
  }

  @Test
  void gives_stored_files_a_path_only_when_inside_the_site() {
    assertThat(downloads.pathOf("a b.txt").map(SitePath::toUriPath))
        .contains("/downloads/a%20b.txt");
    assertThat(UploadArea.outsideSite().pathOf("a.txt")).isEmpty();
    assertThat(UploadArea.outsideSite().contains(SitePath.parse("/downloads/a.txt"))).isFalse();
  }
}
