package dev.mtserver.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemScriptsTest {

  @TempDir Path dir;
  private Path root;
  private FileSystemScripts scripts;

  @BeforeEach
  void site() throws IOException {
    root = Files.createDirectories(dir.resolve("public"));
    Files.createDirectories(root.resolve("downloads"));
    Files.writeString(root.resolve("app.php"), "<?php echo 1;");
    Files.createDirectories(root.resolve("lib"));
    Files.writeString(root.resolve("lib/page.php"), "<?php echo 2;");
    Files.createDirectories(root.resolve("folder.php"));
    Files.writeString(root.resolve("downloads/evil.php"), "<?php echo 3;");
    Files.writeString(dir.resolve("outside.php"), "<?php echo 4;");
    Files.createDirectories(root.resolve(".private"));
    Files.writeString(root.resolve(".private/secret.php"), "<?php echo 5;");
    SiteRoot siteRoot = new SiteRoot(root);
    scripts = new FileSystemScripts(siteRoot, root.resolve("downloads").toRealPath());
  }

  private Optional<ScriptFile> locate(String path) throws IOException {
    return scripts.locate(SitePath.parse(path));
  }

  @Test
  void a_script_inside_the_root_is_located_as_its_real_local_file() throws IOException {
    ScriptFile file = locate("/lib/page.php").orElseThrow();

    assertThat(file.path()).isEqualTo(SitePath.parse("/lib/page.php"));
    assertThat(file.location().kind()).isEqualTo(ScriptLocation.Kind.LOCAL_FILE);
    assertThat(Path.of(file.location().localFileName().orElseThrow()))
        .isEqualTo(root.resolve("lib/page.php").toRealPath());
  }

  @Test
  void missing_directories_and_hidden_scripts_are_not_located() throws IOException {
    assertThat(locate("/missing.php")).isEmpty();
    assertThat(locate("/folder.php")).isEmpty();
    assertThat(locate("/.private/secret.php")).isEmpty();
    assertThat(locate("/app.php/deeper.php")).isEmpty();
  }

  @Test
  void a_script_in_the_uploads_directory_is_never_located() throws IOException {
    assertThat(locate("/downloads/evil.php")).isEmpty();
  }

  @Test
  void a_symlink_leaving_the_root_or_pointing_into_the_uploads_is_not_located() throws IOException {
    assumeTrue(canLink(), "symbolic links are not supported here");
    Files.createSymbolicLink(root.resolve("escape.php"), dir.resolve("outside.php"));
    Files.createSymbolicLink(root.resolve("laundered.php"), root.resolve("downloads/evil.php"));
    Files.createSymbolicLink(root.resolve("alias.php"), root.resolve("app.php"));

    assertThat(locate("/escape.php")).isEmpty();
    assertThat(locate("/laundered.php")).isEmpty();
    assertThat(locate("/alias.php"))
        .map(ScriptFile::location)
        .contains(ScriptLocation.localFile(root.resolve("app.php").toRealPath().toString()));
  }

  private boolean canLink() {
    try {
      Path probe = Files.createSymbolicLink(dir.resolve("probe"), dir);
      Files.delete(probe);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
