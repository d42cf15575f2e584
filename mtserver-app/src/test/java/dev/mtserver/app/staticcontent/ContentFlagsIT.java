package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The static-content flags of the real jar, as a user types them. */
class ContentFlagsIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void directory_listing_and_cache_control_flags_reach_the_server() throws Exception {
    Files.createDirectories(dir.resolve("site/sub"));
    Files.writeString(dir.resolve("site/sub/file.txt"), "hello");

    try (RunningJar jar =
        RunningJar.start(
            dir,
            "--port",
            "0",
            "--root",
            "site",
            "--directory-listing",
            "--cache-control",
            "max-age=120",
            "--file-cache",
            "0")) {
      URI url = jar.awaitUrl(STARTUP);
      InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());

      RawHttpClient.Response listing = TestSite.raw(address, "GET", "/sub/");
      RawHttpClient.Response file = TestSite.raw(address, "GET", "/sub/file.txt");

      assertThat(listing.status()).isEqualTo(200);
      assertThat(listing.bodyText()).contains("file.txt");
      assertThat(file.header("Cache-Control")).contains("max-age=120");
      assertThat(file.bodyText()).isEqualTo("hello");
    }
  }

  @Test
  void without_flags_directories_are_not_listed_and_files_are_no_cache() throws Exception {
    Files.createDirectories(dir.resolve("site/sub"));
    Files.writeString(dir.resolve("site/sub/file.txt"), "hello");

    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--root", "site")) {
      URI url = jar.awaitUrl(STARTUP);
      InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());

      assertThat(TestSite.raw(address, "GET", "/sub/").status()).isEqualTo(404);
      assertThat(TestSite.raw(address, "GET", "/sub/file.txt").header("Cache-Control"))
          .contains("no-cache");
    }
  }

  @Test
  void a_cache_control_with_a_line_break_is_refused_at_startup() throws Exception {
    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--cache-control", "no-cache\r\nX-Evil: 1")) {
      assertThat(jar.awaitExit(STARTUP)).isNotZero();
      assertThat(String.join("\n", jar.stderr())).contains("--cache-control");
    }
  }
}
