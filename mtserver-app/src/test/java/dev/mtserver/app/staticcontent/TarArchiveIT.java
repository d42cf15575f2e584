package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.ContentSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder as one tar ({@code ?archive=tar}, issue 19 outcome 3, ADR 0047), read back by the
 * system's GNU {@code tar}: every visible file with its exact bytes, a name longer than ustar's 100
 * bytes and a name that is not ASCII intact (PAX headers), hidden names, scripts and links leaving
 * the root left out, as in the zip; and a {@code HEAD} with {@code GET}'s head.
 */
class TarArchiveIT {

  private static final String LONG_NAME =
      "a-folder-name-long-enough/"
          + "that-the-whole-path-needs-a-pax-header-".repeat(4)
          + "end.txt";

  @TempDir static Path dir;
  static TestSite site;
  static Map<String, byte[]> expected = new TreeMap<>();

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    byte[] random = new byte[300_000];
    new Random(19).nextBytes(random);
    expected.put("docs/data.bin", random);
    expected.put("docs/guide.txt", "guide\n".getBytes(StandardCharsets.UTF_8));
    expected.put("docs/café ☕.txt", "coffee\n".getBytes(StandardCharsets.UTF_8));
    expected.put("docs/" + LONG_NAME, "long\n".getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> file : expected.entrySet()) {
      site.file(file.getKey(), file.getValue());
    }
    site.file("docs/.hidden", "hidden");
    site.file("docs/run.php", "<?php echo 'source'; ?>");
    Files.createSymbolicLink(site.root.resolve("docs/escape.txt"), dir.resolve("secret.txt"));
    site.start(settings -> settings.content(new ContentSettings(true, "no-cache", 0)));
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  @Test
  void the_system_tar_reads_back_every_file_byte_exact() throws Exception {
    RawHttpClient.Response raw = site.raw("GET", "/docs/?archive=tar");
    assertThat(raw.status()).isEqualTo(200);
    assertThat(raw.header("Content-Type")).contains("application/x-tar");
    assertThat(raw.header("Transfer-Encoding")).contains("chunked");
    assertThat(raw.header("Content-Disposition").orElseThrow())
        .startsWith("attachment; filename=\"docs.tar\"");

    HttpResponse<byte[]> tar = site.get("/docs/?archive=tar");
    assertThat(tar.statusCode()).isEqualTo(200);
    Path archive = Files.write(dir.resolve("docs.tar"), tar.body());
    Path out = Files.createDirectories(dir.resolve("extracted"));
    assertThat(run("tar", "-xf", archive.toString(), "-C", out.toString())).isEmpty();

    Map<String, byte[]> extracted = new TreeMap<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        extracted.put(out.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    assertThat(extracted.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String name : expected.keySet()) {
      assertThat(extracted.get(name)).as(name).isEqualTo(expected.get(name));
    }
    // no account name of the server's in the archive
    assertThat(run("tar", "--numeric-owner", "-tvf", archive.toString()))
        .doesNotContain("root")
        .contains("0/0");
  }

  @Test
  void head_gets_the_head_of_get_without_a_body() throws Exception {
    RawHttpClient.Response get = site.raw("GET", "/docs/?archive=tar");
    RawHttpClient.Response head = site.raw("HEAD", "/docs/?archive=tar");

    assertThat(head.status()).isEqualTo(get.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    for (String field :
        new String[] {
          "Content-Type",
          "Content-Disposition",
          "Transfer-Encoding",
          "Cache-Control",
          "Content-Length"
        }) {
      assertThat(head.header(field)).as(field).isEqualTo(get.header(field));
    }
  }

  /** Runs a command; returns its output, failing the test when it fails. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
