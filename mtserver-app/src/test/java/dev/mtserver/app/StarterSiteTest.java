package dev.mtserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StarterSiteTest {

  @TempDir Path dir;

  @Test
  void installs_the_bundled_pages_into_a_missing_root() throws IOException {
    Path root = dir.resolve("public");

    assertThat(StarterSite.installIfMissing(root)).isTrue();

    assertThat(root.resolve("index.html")).content().contains("MTServer");
    assertThat(root.resolve("form.html")).content().contains("application/x-www-form-urlencoded");
    assertThat(root.resolve("upload.html")).content().contains("multipart/form-data");
    assertThat(root.resolve("style.css")).isRegularFile();
    assertThat(root.resolve("downloads")).isDirectory();
    assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
  }

  @Test
  void the_jar_carries_the_tus_client_and_its_licence_and_the_site_serves_them()
      throws IOException {
    assertThat(StarterSite.class.getResource("starter-site/" + StarterSite.TUS_CLIENT)).isNotNull();
    assertThat(StarterSite.class.getResource("starter-site/" + StarterSite.TUS_CLIENT_LICENSE))
        .isNotNull();
    Path root = dir.resolve("public");

    StarterSite.installIfMissing(root);

    Path client = root.resolve("vendor/tus.min.js");
    assertThat(Files.size(client)).as("the whole browser bundle").isGreaterThan(50_000);
    assertThat(client).content().as("a UMD bundle that defines window.tus").contains(".tus=");
    assertThat(root.resolve("vendor/tus-js-client.LICENSE"))
        .content()
        .contains("The MIT License")
        .contains("tus - Resumable File Uploads");
  }

  @Test
  void never_touches_an_existing_root() throws IOException {
    Path root = Files.createDirectory(dir.resolve("public"));
    Files.writeString(root.resolve("index.html"), "mine");

    assertThat(StarterSite.installIfMissing(root)).isFalse();

    assertThat(root.resolve("index.html")).hasContent("mine");
    assertThat(root).isDirectoryNotContaining("glob:**/style.css");
  }
}
