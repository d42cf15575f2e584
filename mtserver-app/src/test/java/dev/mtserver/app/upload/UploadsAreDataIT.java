package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13, findings 1, 2 and 8, over real sockets: whatever a stranger uploaded is data however it
 * is asked for — never a directory's index page, never a precompressed stand-in for another upload,
 * never a page or script in the site's origin — and a listing stays small whatever the directory
 * holds.
 *
 * <p>Two servers: the defaults (listings off) and one with {@code --directory-listing}. Files are
 * uploaded through {@code POST /upload} as a client would, except where a test needs what no upload
 * can make (a subdirectory, a symbolic link): those are made on disk, as an operator would.
 */
class UploadsAreDataIT {

  private static final String SCRIPT = "<script>alert(document.domain)</script>";

  @TempDir static Path dir;
  static MtServer plain;
  static MtServer listing;

  @BeforeAll
  static void start() throws IOException {
    Files.createDirectories(dir.resolve("plain"));
    Files.createDirectories(dir.resolve("listing"));
    plain =
        MtServer.start(
            ServerSettings.forRoot(dir.resolve("plain/public"), dir.resolve("plain/data")));
    listing =
        MtServer.start(
            ServerSettings.forRoot(dir.resolve("listing/public"), dir.resolve("listing/data"))
                .toBuilder()
                .directoryListing(true)
                .build());
  }

  @AfterAll
  static void stop() {
    if (plain != null) {
      plain.close();
    }
    if (listing != null) {
      listing.close();
    }
  }

  // ------------------------------------------------------------------------- finding 1

  @Test
  void an_uploaded_index_html_never_answers_for_the_uploads_directory_however_it_is_spelled()
      throws IOException {
    upload(plain, new MultipartBody().file("f", "index.html", SCRIPT.getBytes(UTF_8)));
    assertThat(get(plain, "/downloads/index.html").status()).isEqualTo(200); // it was stored

    for (String target :
        List.of(
            "/downloads/",
            "//downloads/",
            "/downloads//",
            "/%64ownloads/",
            "/./downloads/",
            "/x/../downloads/",
            "/downloads/?page=1",
            "/downloads/.")) {
      for (String method : List.of("GET", "HEAD", "POST")) {
        RawHttpClient.Response response =
            "POST".equals(method) ? postForm(plain, target, "name=x") : send(plain, method, target);
        // by default the uploads area is listed (issue 19): a listing of it, never its index
        assertThat(response.status())
            .as(method + " " + target)
            .isEqualTo("POST".equals(method) ? 404 : 200);
        assertThat(response.bodyText()).as(method + " " + target).doesNotContain(SCRIPT);
        if (!"POST".equals(method)) {
          assertThat(response.header("Content-Security-Policy"))
              .as(method + " " + target)
              .hasValueSatisfying(policy -> assertThat(policy).contains("sandbox"));
        }
      }
    }
  }

  @Test
  void with_listings_on_the_uploads_directory_is_listed_as_data_instead_of_served_by_its_index()
      throws IOException {
    upload(listing, new MultipartBody().file("f", "index.html", SCRIPT.getBytes(UTF_8)));

    RawHttpClient.Response response = get(listing, "/downloads/");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText())
        .contains("Index of /downloads/")
        .contains(">index.html</a>")
        .doesNotContain(SCRIPT);
    assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.header("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("sandbox").contains("default-src 'none'"));
  }

  @Test
  void an_index_html_in_a_subdirectory_of_the_uploads_never_answers_for_it() throws IOException {
    for (MtServer server : List.of(plain, listing)) {
      Path archive = uploads(server).resolve("archive");
      Files.createDirectories(archive);
      Files.writeString(archive.resolve("index.html"), SCRIPT);

      RawHttpClient.Response redirect = get(server, "/downloads/archive");
      RawHttpClient.Response response = get(server, "/downloads/archive/");

      assertThat(redirect.status()).isEqualTo(301);
      assertThat(redirect.header("Location")).contains("/downloads/archive/");
      assertThat(response.status()).isEqualTo(200); // listed by default (issue 19), never served
      assertThat(response.bodyText()).doesNotContain(SCRIPT);
    }
  }

  @Test
  void every_way_of_asking_for_an_uploaded_page_carries_the_protective_headers()
      throws IOException {
    upload(plain, new MultipartBody().file("f", "every-way.html", SCRIPT.getBytes(UTF_8)));
    String etag = get(plain, "/downloads/every-way.html").header("ETag").orElseThrow();

    List<RawHttpClient.Response> answers =
        List.of(
            get(plain, "/downloads/every-way.html"),
            send(plain, "HEAD", "/downloads/every-way.html"),
            get(plain, "/downloads/every-way.html", "Range: bytes=0-7"),
            get(plain, "/downloads/every-way.html", "Range: bytes=0-1, 4-5"),
            get(plain, "/downloads/every-way.html", "If-None-Match: " + etag),
            get(plain, "/downloads/every-way.html", "Accept-Encoding: gzip, br"),
            get(plain, "//downloads//every-way.html"),
            get(plain, "/%64ownloads/every-way%2Ehtml"),
            get(plain, "/downloads/./every-way.html"),
            get(plain, "/elsewhere/../downloads/every-way.html"),
            postForm(plain, "/downloads/every-way.html", "name=x"));

    assertThat(answers)
        .extracting(RawHttpClient.Response::status)
        .containsExactly(200, 200, 206, 206, 304, 200, 200, 200, 200, 200, 200);
    for (RawHttpClient.Response response : answers) {
      assertThat(response.header("X-Content-Type-Options"))
          .as(response.head().text())
          .contains("nosniff");
      assertThat(response.header("Content-Security-Policy"))
          .as(response.head().text())
          .contains("sandbox");
      assertThat(response.header("Content-Disposition"))
          .as(response.head().text())
          .contains("attachment");
    }
  }

  @Test
  void a_link_elsewhere_in_the_site_never_serves_an_upload_as_site_content() throws IOException {
    upload(plain, new MultipartBody().file("f", "linked.html", SCRIPT.getBytes(UTF_8)));
    Path root = dir.resolve("plain/public");
    Files.createSymbolicLink(root.resolve("mirror"), root.resolve("downloads"));
    Files.createSymbolicLink(root.resolve("latest.html"), root.resolve("downloads/linked.html"));
    Files.createDirectories(uploads(plain).resolve("nested"));
    Files.writeString(uploads(plain).resolve("nested/index.html"), SCRIPT);
    Files.createSymbolicLink(root.resolve("nested-link"), uploads(plain).resolve("nested"));

    for (String target :
        List.of(
            "/mirror/linked.html",
            "/mirror/",
            "/mirror",
            "/latest.html",
            "/nested-link/",
            "/nested-link/index.html")) {
      RawHttpClient.Response response = get(plain, target);
      assertThat(response.status()).as(target).isEqualTo(404);
      assertThat(response.bodyText()).as(target).doesNotContain(SCRIPT);
    }
    assertThat(get(plain, "/downloads/linked.html").status())
        .isEqualTo(200); // its own URL still works
  }

  // ------------------------------------------------------------------------- finding 2

  @Test
  void a_precompressed_sibling_uploaded_after_a_file_is_never_served_in_its_place()
      throws IOException {
    byte[] real = "MZ the real installer".getBytes(UTF_8);
    upload(plain, new MultipartBody().file("f", "setup.exe", real));
    upload(
        plain,
        new MultipartBody()
            .file("f", "setup.exe.gz", gzip("MZ the attacker's installer"))
            .file("f", "setup.exe.br", "BROTLI attacker".getBytes(UTF_8)));

    assertServedPlain("/downloads/setup.exe", real);
  }

  @Test
  void a_precompressed_sibling_uploaded_before_a_file_is_never_served_in_its_place()
      throws IOException {
    upload(
        plain,
        new MultipartBody()
            .file("f", "tool.exe.gz", gzip("MZ the attacker's tool"))
            .file("f", "tool.exe.br", "BROTLI attacker".getBytes(UTF_8)));
    byte[] real = "MZ the real tool".getBytes(UTF_8);
    upload(plain, new MultipartBody().file("f", "tool.exe", real));

    assertServedPlain("/downloads/tool.exe", real);
  }

  private static void assertServedPlain(String path, byte[] real) throws IOException {
    for (String accept : List.of("gzip", "br", "gzip, br", "*")) {
      RawHttpClient.Response response = get(plain, path, "Accept-Encoding: " + accept);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Content-Encoding")).as(accept).isEmpty();
      assertThat(response.header("Vary")).as(accept).isEmpty();
      assertThat(response.body()).as(accept).isEqualTo(real);
    }
    RawHttpClient.Response range = get(plain, path, "Accept-Encoding: gzip", "Range: bytes=0-1");
    assertThat(range.header("Content-Encoding")).isEmpty();
    assertThat(range.body()).isEqualTo(new byte[] {real[0], real[1]});
  }

  // ------------------------------------------------------------------------- finding 8

  @ParameterizedTest(name = ".{0} is an attachment")
  @ValueSource(
      strings = {
        "html", "htm", "xhtml", "xht", "shtml", "svg", "svgz", "js", "mjs", "cjs", "xml", "xsl",
        "xslt", "xsd", "rss", "atom", "rdf", "mathml", "mml", "jsonld", "wasm", "swf", "xul"
      })
  void every_type_a_browser_renders_as_a_document_or_runs_is_an_attachment(String extension)
      throws IOException {
    String name = "active-type." + extension;
    upload(plain, new MultipartBody().file("f", name, SCRIPT.getBytes(UTF_8)));

    RawHttpClient.Response response = get(plain, "/downloads/" + name);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Disposition")).contains("attachment");
    assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.header("Content-Security-Policy")).contains("sandbox");
  }

  @ParameterizedTest(name = ".{0} is shown inline")
  @ValueSource(strings = {"png", "jpg", "gif", "webp", "txt", "pdf", "mp4", "mp3", "css"})
  void passive_types_stay_inline_but_sandboxed(String extension) throws IOException {
    String name = "passive-type." + extension;
    upload(plain, new MultipartBody().file("f", name, "bytes".getBytes(UTF_8)));

    RawHttpClient.Response response = get(plain, "/downloads/" + name);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Disposition")).isEmpty();
    assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(response.header("Content-Security-Policy")).contains("sandbox");
  }

  @Test
  void a_directory_of_twelve_thousand_uploads_is_listed_up_to_the_limit_with_a_note()
      throws IOException {
    Path crowded = Files.createDirectories(uploads(listing).resolve("crowded"));
    for (int i = 0; i < 12_000; i++) {
      Files.writeString(crowded.resolve(String.format("file-%05d.txt", i)), "x");
    }

    RawHttpClient.Response response = get(listing, "/downloads/crowded/");

    assertThat(response.status()).isEqualTo(200);
    String page = response.bodyText();
    int rows =
        page.split("<tr><td class=\"name\"><a href=\"/downloads/crowded/file-", -1).length - 1;
    assertThat(rows).isEqualTo(1_000);
    assertThat(page).contains("Only 1,000 entries are shown; this directory holds more.");
    assertThat(response.body().length).isLessThan(250_000);
  }

  @Test
  void a_file_added_to_a_listed_directory_shows_at_once() throws IOException {
    Path fresh = Files.createDirectories(dir.resolve("listing/public/fresh"));
    Files.writeString(fresh.resolve("first.txt"), "1");
    assertThat(get(listing, "/fresh/").bodyText())
        .contains("first.txt")
        .doesNotContain("second.txt");

    Files.writeString(fresh.resolve("second.txt"), "2");

    assertThat(get(listing, "/fresh/").bodyText()).contains("first.txt").contains("second.txt");
    Files.delete(fresh.resolve("first.txt"));
    assertThat(get(listing, "/fresh/").bodyText())
        .doesNotContain("first.txt")
        .contains("second.txt");
  }

  // ------------------------------------------------------------------------- helpers

  private static Path uploads(MtServer server) {
    return dir.resolve(server == plain ? "plain/public/downloads" : "listing/public/downloads");
  }

  private static void upload(MtServer server, MultipartBody body) throws IOException {
    byte[] bytes = body.close();
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      client.send(
          RawHttpClient.request(
              "POST",
              "/upload",
              "Host: localhost",
              "Connection: close",
              "Accept: application/json",
              "Content-Type: " + body.contentType(),
              "Content-Length: " + bytes.length));
      client.send(bytes);
      RawHttpClient.Response response = client.readResponse();
      assertThat(response.status()).as(response.bodyText()).isEqualTo(201);
    }
  }

  private static RawHttpClient.Response get(MtServer server, String target, String... fields)
      throws IOException {
    return send(server, "GET", target, fields);
  }

  /** One request on a connection of its own; everything up to the close is the answer. */
  private static RawHttpClient.Response send(
      MtServer server, String method, String target, String... fields) throws IOException {
    String[] all = new String[fields.length + 2];
    all[0] = "Host: localhost";
    all[1] = "Connection: close";
    System.arraycopy(fields, 0, all, 2, fields.length);
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      client.send(RawHttpClient.request(method, target, all));
      return "HEAD".equals(method) ? client.readResponseToHead() : client.readResponse();
    }
  }

  private static RawHttpClient.Response postForm(MtServer server, String target, String form)
      throws IOException {
    byte[] bytes = form.getBytes(UTF_8);
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      client.send(
          RawHttpClient.request(
              "POST",
              target,
              "Host: localhost",
              "Connection: close",
              "Content-Type: application/x-www-form-urlencoded",
              "Content-Length: " + bytes.length));
      client.send(bytes);
      return client.readResponse();
    }
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(UTF_8));
    }
    return out.toByteArray();
  }
}
