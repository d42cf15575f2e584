package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RunningJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of medium size goes out from a mapping (ADR 0053); once it is replaced and the last
 * request sending the old one is done, the real server unmaps the old version at once, so its
 * blocks come back. Run as the README runs it ({@code java -jar}), that takes nothing the JDK warns
 * about on stderr (since Java 24 it warns at the first call of {@code sun.misc.Unsafe}'s unmapping,
 * asking the operator to report MTServer); started from a class path, without the jar's {@code
 * Add-Opens}, the old version is unmapped all the same.
 */
@EnabledOnOs(OS.LINUX)
class MappedFileReleaseIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void run_as_a_jar_a_replaced_file_is_unmapped_at_once_without_a_jdk_warning() throws Exception {
    Path file = medium("medium.bin", 7);
    try (RunningJar jar = RunningJar.start(dir, "--port", "0", "--root", "site")) {
      replaceWhileServed(jar, file);

      assertThat(jar.stderr())
          .as("what the server printed on stderr")
          .noneMatch(line -> line.contains("sun.misc.Unsafe") || line.contains("WARNING:"));
    }
  }

  @Test
  void from_a_class_path_a_replaced_file_is_unmapped_at_once_too() throws Exception {
    Path file = medium("medium.bin", 7);
    try (RunningJar jar = RunningJar.startOnClassPath(dir, "--port", "0", "--root", "site")) {
      replaceWhileServed(jar, file);
    }
  }

  /**
   * Sends {@code file} twice (it is mapped by then), replaces it by a rename, sends the new one,
   * and waits for the old version's mapping to leave the server's address space.
   */
  private void replaceWhileServed(RunningJar jar, Path file) throws Exception {
    URI url = jar.awaitUrl(STARTUP);
    byte[] first = Files.readAllBytes(file);
    String mapped = file.toRealPath().toString();
    try (HttpClient http = HttpClient.newHttpClient()) {
      assertThat(get(http, url).body()).isEqualTo(first);
      assertThat(get(http, url).body()).isEqualTo(first);
      assertThat(mappingsOfSite(jar.pid()))
          .as("the file is sent from a mapping")
          .anyMatch(line -> line.endsWith(mapped));

      Path next = medium("medium.bin.next", 13);
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      HttpResponse<byte[]> replaced = get(http, url);

      assertThat(replaced.body()).isEqualTo(Files.readAllBytes(file));
      assertThat(
              Eventually.within(
                  Duration.ofSeconds(5),
                  () ->
                      mappingsOfSite(jar.pid()).stream()
                          .noneMatch(line -> line.endsWith(" (deleted)"))))
          .as("no mapping of the replaced file left: %s", mappingsOfSite(jar.pid()))
          .isTrue();
    }
  }

  private static HttpResponse<byte[]> get(HttpClient http, URI url) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(url.resolve("/medium.bin")).build(), BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }

  /** A 100,000-byte file (between the small-file cache and the mapping limit) in the site. */
  private Path medium(String name, int factor) throws IOException {
    byte[] content = new byte[100_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * factor);
    }
    return Files.write(Files.createDirectories(dir.resolve("site")).resolve(name), content);
  }

  /** The lines of the process's {@code /proc/PID/maps} that map a file of the site. */
  private List<String> mappingsOfSite(long pid) {
    try {
      String site = dir.resolve("site").toRealPath().toString();
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")).stream()
          .filter(line -> line.contains(site))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
