package dev.mtserver.app.staticcontent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.OpenDescriptors;
import dev.mtserver.app.testing.RawHttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GET, HEAD, index pages, redirects, 404s, media types and caching headers over real sockets. */
class StaticFilesIT {

  @TempDir static Path dir;
  static TestSite site;
  static byte[] big;

  @BeforeAll
  static void start() throws Exception {
    site = new TestSite(dir);
    site.file("index.html", "<h1>home</h1>");
    site.file("docs/index.html", "<h1>docs</h1>");
    site.file("docs/guide.txt", "guide");
    site.file("empty/.keep", "");
    site.file("a b/c d.txt", "spaced");
    site.file("ünï/çödé.txt", "unicode");
    big = new byte[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    site.file("big.bin", big);
    for (String extension :
        new String[] {
          "html",
          "css",
          "js",
          "mjs",
          "json",
          "svg",
          "png",
          "jpg",
          "jpeg",
          "gif",
          "webp",
          "avif",
          "ico",
          "woff",
          "woff2",
          "wasm",
          "txt",
          "md",
          "xml",
          "pdf",
          "mp4",
          "webm",
          "mp3",
          "ogg",
          "wav",
          "zip",
          "gz",
          "tar",
          "csv",
          "unknownext"
        }) {
      site.file("types/file." + extension, "x");
    }
    site.file("types/noextension", "x");
    site.start();
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  @Test
  void get_sends_the_file_with_its_length_type_and_validators() throws Exception {
    HttpResponse<byte[]> response = site.get("/docs/guide.txt");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("guide");
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(5);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    assertThat(response.headers().firstValue("ETag"))
        .hasValueSatisfying(etag -> assertThat(etag).matches("\"[!#-~]+\""));
    assertThat(response.headers().firstValue("Last-Modified"))
        .contains("Thu, 01 Jan 2026 10:00:00 GMT");
    assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-cache");
  }

  @Test
  void a_large_file_arrives_intact() throws Exception {
    HttpResponse<byte[]> response = site.get("/big.bin");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(big);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/octet-stream");
  }

  /**
   * A file between the small-file cache's limit and {@code OpenFileCache.MAPPED_MAX_BYTES} goes out
   * from a mapping the open-file cache keeps. Replaced under its name, the new file is sent at
   * once, and the old one is no longer mapped (nor open) once the request that found it replaced is
   * done: its space on disk comes back without waiting for the garbage collector.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void a_medium_file_replaced_by_a_rename_is_sent_new_and_the_old_one_let_go() throws Exception {
    byte[] first = new byte[100_000];
    byte[] second = new byte[100_000];
    for (int i = 0; i < first.length; i++) {
      first[i] = (byte) (i * 7);
      second[i] = (byte) (i * 13 + 1);
    }
    Path file = site.file("medium.bin", first);
    assertThat(site.get("/medium.bin").body()).isEqualTo(first);
    assertThat(site.get("/medium.bin").body()).isEqualTo(first);

    Path next = site.file("medium.bin.next", second);
    Files.setLastModifiedTime(next, FileTime.from(Instant.parse("2026-01-02T10:00:00Z")));
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    HttpResponse<byte[]> replaced = site.get("/medium.bin");

    assertThat(replaced.body()).isEqualTo(second);
    assertThat(replaced.headers().firstValue("Last-Modified"))
        .contains("Fri, 02 Jan 2026 10:00:00 GMT");
    assertThat(Files.readAllLines(Path.of("/proc/self/maps")))
        .as("no mapping of a replaced file of the site")
        .noneMatch(line -> line.contains(dir.toString()) && line.endsWith(" (deleted)"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/docs/guide.txt", "/big.bin", "/", "/docs", "/missing.txt", "/empty/"})
  void head_has_exactly_the_headers_of_get_and_no_body(String path) throws Exception {
    RawHttpClient.Response get = site.raw("GET", path);
    RawHttpClient.Response head = site.raw("HEAD", path);

    assertThat(head.status()).isEqualTo(get.status());
    assertThat(withoutDate(head.headerLines())).isEqualTo(withoutDate(get.headerLines()));
    assertThat(head.body()).isEmpty();
  }

  private static java.util.List<String> withoutDate(java.util.List<String> lines) {
    return lines.stream().filter(line -> !line.regionMatches(true, 0, "Date:", 0, 5)).toList();
  }

  @Test
  void a_directory_with_its_slash_serves_its_index_page() throws Exception {
    assertThat(new String(site.get("/").body(), StandardCharsets.UTF_8)).isEqualTo("<h1>home</h1>");
    HttpResponse<byte[]> docs = site.get("/docs/");
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(new String(docs.body(), StandardCharsets.UTF_8)).isEqualTo("<h1>docs</h1>");
    assertThat(docs.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/docs              | /docs/",
        "/docs?x=1&y=%20    | /docs/?x=1&y=%20",
        "//docs             | /docs/",
        "///docs            | /docs/",
        "/a%20b             | /a%20b/",
        "/%C3%BCn%C3%AF     | /%C3%BCn%C3%AF/",
        "http://localhost/docs?q | /docs/?q",
      })
  void a_directory_without_its_slash_is_redirected_never_to_a_protocol_relative_location(
      String target, String location) throws Exception {
    RawHttpClient.Response response = site.raw("GET", target);

    assertThat(response.status()).isEqualTo(301);
    assertThat(response.header("Location")).contains(location);
    assertThat(response.header("Location").orElseThrow()).doesNotStartWith("//");
  }

  @Test
  void names_with_spaces_and_unicode_are_served() throws Exception {
    assertThat(new String(site.get("/a%20b/c%20d.txt").body(), StandardCharsets.UTF_8))
        .isEqualTo("spaced");
    assertThat(
            new String(
                site.get("/%C3%BCn%C3%AF/%C3%A7%C3%B6d%C3%A9.txt").body(), StandardCharsets.UTF_8))
        .isEqualTo("unicode");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"/missing.txt", "/empty/", "/docs/guide.txt/", "/docs/missing/", "/big.bin/x"})
  void what_cannot_be_served_is_a_plain_404(String path) throws Exception {
    RawHttpClient.Response response = site.raw("GET", path);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.bodyText()).isEqualTo("404 Not Found\n");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "html       | text/html; charset=utf-8",
        "css        | text/css; charset=utf-8",
        "js         | text/javascript; charset=utf-8",
        "mjs        | text/javascript; charset=utf-8",
        "json       | application/json; charset=utf-8",
        "svg        | image/svg+xml; charset=utf-8",
        "png        | image/png",
        "jpg        | image/jpeg",
        "jpeg       | image/jpeg",
        "gif        | image/gif",
        "webp       | image/webp",
        "avif       | image/avif",
        "ico        | image/vnd.microsoft.icon",
        "woff       | font/woff",
        "woff2      | font/woff2",
        "wasm       | application/wasm",
        "txt        | text/plain; charset=utf-8",
        "md         | text/markdown; charset=utf-8",
        "xml        | application/xml; charset=utf-8",
        "pdf        | application/pdf",
        "mp4        | video/mp4",
        "webm       | video/webm",
        "mp3        | audio/mpeg",
        "ogg        | audio/ogg",
        "wav        | audio/wav",
        "zip        | application/zip",
        "gz         | application/gzip",
        "tar        | application/x-tar",
        "csv        | text/csv; charset=utf-8",
        "unknownext | application/octet-stream",
      })
  void media_types_come_from_the_extension_with_nosniff(String extension, String type)
      throws Exception {
    HttpResponse<byte[]> response = site.get("/types/file." + extension);

    assertThat(response.headers().firstValue("Content-Type")).contains(type);
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void a_file_without_extension_is_an_octet_stream() throws Exception {
    assertThat(site.get("/types/noextension").headers().firstValue("Content-Type"))
        .contains("application/octet-stream");
  }

  @Test
  void an_edited_file_is_served_fresh_with_a_new_etag() throws Exception {
    Path file = site.file("changing.txt", "first");
    HttpResponse<byte[]> before = site.get("/changing.txt");
    site.get("/changing.txt"); // now certainly in the small-file cache

    Files.writeString(file, "FIRST"); // same size; the modification time moves to now
    HttpResponse<byte[]> after = site.get("/changing.txt");

    assertThat(new String(before.body(), StandardCharsets.UTF_8)).isEqualTo("first");
    assertThat(new String(after.body(), StandardCharsets.UTF_8)).isEqualTo("FIRST");
    assertThat(after.headers().firstValue("ETag"))
        .isNotEqualTo(before.headers().firstValue("ETag"));
  }

  @Test
  void a_replaced_file_is_served_fresh() throws Exception {
    site.file("replaced.txt", "old content");
    site.get("/replaced.txt");
    site.get("/replaced.txt");

    Path staged = site.file("staged.tmp", "new content"); // same size and time, new inode
    Files.move(
        staged,
        site.root.resolve("replaced.txt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);

    assertThat(new String(site.get("/replaced.txt").body(), StandardCharsets.UTF_8))
        .isEqualTo("new content");
  }

  @Test
  void a_large_file_is_kept_open_between_requests_and_let_go_when_replaced() throws Exception {
    byte[] before = new byte[64 * 1024];
    byte[] after = new byte[64 * 1024];
    java.util.Arrays.fill(before, (byte) 'o');
    java.util.Arrays.fill(after, (byte) 'n');
    Path file = site.file("kept/large.bin", before);
    assertThat(site.get("/kept/large.bin").body()).isEqualTo(before);
    assertThat(site.get("/kept/large.bin").body()).isEqualTo(before);
    Eventually.within(
        Duration.ofSeconds(5),
        () ->
            assertThat(descriptorsOn(file))
                .as("kept for the next request")
                .containsExactly(file.toString()));

    Path staged = site.file("kept/staged.tmp", after); // same size and time, a new inode
    Files.move(
        staged,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);

    assertThat(site.get("/kept/large.bin").body()).isEqualTo(after);
    Eventually.within(
        Duration.ofSeconds(5),
        () ->
            assertThat(descriptorsOn(file))
                .as("the replaced file's descriptor is closed, its space given back")
                .containsExactly(file.toString()));
  }

  /** The descriptors of this JVM (the server runs in it) on {@code file}, removed or not. */
  private static List<String> descriptorsOn(Path file) {
    return OpenDescriptors.under(ProcessHandle.current().pid(), file);
  }

  @Test
  void a_deleted_file_is_gone_at_once() throws Exception {
    Path file = site.file("doomed.txt", "here");
    assertThat(site.get("/doomed.txt").statusCode()).isEqualTo(200);

    Files.delete(file);

    assertThat(site.get("/doomed.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void keep_alive_serves_many_files_on_one_connection() throws Exception {
    String guide = "GET /docs/guide.txt HTTP/1.1\r\nHost: localhost\r\n\r\n";
    String getBig = "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n";
    String head = "HEAD /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n";
    String notModified =
        "GET /docs/guide.txt HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: *\r\n\r\n";
    String range = "GET /big.bin HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-0,-1\r\n\r\n";
    String missing = "GET /missing HTTP/1.1\r\nHost: localhost\r\n\r\n";

    List<RawHttpClient.Response> responses = new ArrayList<>();
    try (RawHttpClient client = RawHttpClient.connect(site.address())) {
      for (String request :
          List.of(guide, getBig, guide, head, notModified, range, missing, guide)) {
        client.send(request); // and its response read before the next is sent
        responses.add(
            request.startsWith("HEAD ") ? client.readResponseToHead() : client.readResponse());
      }
    }

    assertThat(responses)
        .extracting(RawHttpClient.Response::status)
        .containsExactly(200, 200, 200, 200, 304, 206, 404, 200);
    assertThat(responses.get(1).body()).isEqualTo(big);
    assertThat(responses.get(7).bodyText()).isEqualTo("guide");
  }
}
