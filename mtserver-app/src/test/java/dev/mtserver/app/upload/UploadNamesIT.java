package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Issue 13, findings 5 and 8, through the real jar: the name a stored file gets never costs more
 * than a few tries however many copies exist, and a name the file system cannot spell (a server
 * started under {@code LC_ALL=POSIX}) is stored under a safe spelling instead of failing.
 */
class UploadNamesIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  /** How long a raw client waits for each read: a server that hangs fails the test. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static final JsonFactory JSON = new JsonFactory();

  @TempDir Path dir;

  @Test
  void
      beside_ten_thousand_copies_each_new_copy_gets_a_short_random_suffix_and_nothing_is_overwritten()
          throws Exception {
    Path uploads = Files.createDirectories(dir.resolve("public/downloads"));
    int existing = 10_000;
    Files.writeString(uploads.resolve("a.txt"), "copy 0");
    for (int n = 1; n < existing; n++) {
      Files.writeString(uploads.resolve("a (" + n + ").txt"), "copy " + n);
    }
    MultipartBody body = new MultipartBody();
    for (int i = 0; i < 99; i++) {
      body.file("f", "a.txt", ("new " + i).getBytes(UTF_8));
    }

    try (RunningJar jar =
        RunningJar.start(dir, "--port", "0", "--root", "public", "--data", "data")) {
      RawHttpClient.Response response = upload(jar.awaitUrl(STARTUP), body);

      assertThat(response.status()).isEqualTo(201);
      List<String> names = storedNames(response.bodyText());
      assertThat(names)
          .hasSize(99)
          .doesNotHaveDuplicates()
          .allSatisfy(name -> assertThat(name).matches("a \\([a-z0-9]{6}\\)\\.txt"));
      for (int i = 0; i < 99; i++) {
        assertThat(Files.readString(uploads.resolve(names.get(i)))).isEqualTo("new " + i);
      }
    }
    assertThat(UploadsDirectory.visibleNames(uploads)).hasSize(existing + 99);
    assertThat(Files.readString(uploads.resolve("a.txt"))).isEqualTo("copy 0");
    assertThat(Files.readString(uploads.resolve("a (9999).txt"))).isEqualTo("copy 9999");
  }

  @Test
  void under_a_posix_locale_names_the_file_system_cannot_spell_are_stored_under_a_safe_spelling()
      throws Exception {
    Path uploads = dir.resolve("public/downloads");
    MultipartBody body =
        new MultipartBody()
            .file("f", "résumé.pdf", "cv".getBytes(UTF_8))
            .file("f", "naïve café.txt", "menu".getBytes(UTF_8))
            .file("f", "報告.txt", "report".getBytes(UTF_8))
            .file("f", "Ελληνικά.txt", "greek".getBytes(UTF_8))
            .file("f", "plain.txt", "ascii".getBytes(UTF_8));

    try (RunningJar jar =
        RunningJar.startWithEnvironment(
            dir, Map.of("LC_ALL", "POSIX"), "--port", "0", "--root", "public", "--data", "data")) {
      URI url = jar.awaitUrl(STARTUP);
      RawHttpClient.Response response = upload(url, body);

      assertThat(response.status()).as(response.text()).isEqualTo(201);
      assertThat(storedNames(response.bodyText()))
          .containsExactly(
              "resume.pdf", "naive cafe.txt", "upload.txt", "upload (1).txt", "plain.txt");
      try (RawHttpClient client = RawHttpClient.connect(url, READ_TIMEOUT)) {
        assertThat(
                client.send(RawHttpClient.get("/downloads/resume.pdf")).readResponse().bodyText())
            .isEqualTo("cv");
        assertThat(
                client
                    .send(RawHttpClient.get("/downloads/naive%20cafe.txt"))
                    .readResponse()
                    .bodyText())
            .isEqualTo("menu");
      }
      assertThat(jar.stderr()).noneMatch(line -> line.contains("InvalidPathException"));
    }
    assertThat(UploadsDirectory.visibleNames(uploads))
        .containsExactlyInAnyOrder(
            "resume.pdf", "naive cafe.txt", "upload.txt", "upload (1).txt", "plain.txt");
  }

  private static RawHttpClient.Response upload(URI url, MultipartBody body) throws Exception {
    byte[] bytes = body.close();
    try (RawHttpClient client = RawHttpClient.connect(url, READ_TIMEOUT)) {
      return client
          .send(
              RawHttpClient.request(
                  "POST",
                  "/upload",
                  "Content-Type: " + body.contentType(),
                  "Accept: application/json",
                  "Content-Length: " + bytes.length))
          .send(bytes)
          .readResponse();
    }
  }

  /** The {@code name} of every file in a JSON upload answer, in order. */
  private static List<String> storedNames(String json) {
    List<String> names = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.PROPERTY_NAME && parser.currentName().equals("name")) {
          parser.nextToken();
          names.add(parser.getString());
        }
      }
    }
    return names;
  }
}
