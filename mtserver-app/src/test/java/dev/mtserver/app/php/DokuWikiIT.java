package dev.mtserver.app.php;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.app.Directories;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.dynamic.fastcgi.testing.PhpFpm;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PHP application end to end (issue 18, outcome 3): Debian's {@code dokuwiki} package,
 * served by MTServer and a php-fpm this test starts, as docs/operations.md's recipe says — the
 * package's directory copied with its links resolved (MTServer never follows a link out of its
 * root, and the package links {@code lib/tpl} and {@code lib/plugins} to {@code /var/lib}), its
 * configuration and data in directories of their own outside the root. A browser-like client
 * (cookies on) loads the start page, creates a page through the real edit form (with the form's
 * security token), reads it back rendered, fetches a generated style sheet and an image, and
 * uploads an image through the media manager's real upload form (a multipart POST streamed through
 * MTServer to php-fpm; with {@code useacl = 0}, as this wiki is set up, DokuWiki lets anyone
 * upload) that {@code lib/exe/fetch.php} then serves back byte for byte, while the media store
 * itself, outside the root, is never served (404, or 400 for a path that climbs above the root).
 *
 * <p>{@code .ci/run} installs {@code php-fpm} and {@code dokuwiki}: under {@code CI=true} a missing
 * package fails the test; elsewhere it is skipped.
 */
class DokuWikiIT {

  private static final Path PACKAGE = Path.of("/usr/share/dokuwiki");
  private static final Path PACKAGE_CONF = Path.of("/etc/dokuwiki");

  @TempDir static Path dir;
  static Path root;
  static Path data;
  static PhpFpm fpm;
  static MtServer server;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isRegularFile(PACKAGE.resolve("doku.php"))) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("dokuwiki is not installed; .ci/run installs Debian's dokuwiki");
      }
      assumeTrue(false, "dokuwiki is not installed (apt-get install dokuwiki); skipping");
    }
    PhpFpm.binary();
    root = dir.resolve("dokuwiki");
    copyResolvingLinks(PACKAGE, root);
    Path conf = dir.resolve("conf");
    copyResolvingLinks(PACKAGE_CONF, conf);
    data = dir.resolve("wiki-data");
    for (String sub :
        new String[] {
          "pages",
          "attic",
          "media",
          "media_attic",
          "media_meta",
          "meta",
          "cache",
          "index",
          "locks",
          "tmp",
          "log"
        }) {
      Files.createDirectories(data.resolve(sub));
    }
    Files.writeString(
        data.resolve("pages/start.txt"), "====== Served by MTServer ======\nThrough php-fpm.\n");
    Files.writeString(
        conf.resolve("local.php"),
        "<?php\n$conf['savedir'] = '"
            + data
            + "';\n$conf['useacl'] = 0;\n$conf['title'] = 'MTServer wiki';\n");
    // the package's preload.php points DOKU_CONF at /etc/dokuwiki: this copy's points at its own
    Files.writeString(
        root.resolve("inc/preload.php"), "<?php\ndefine('DOKU_CONF', '" + conf + "/');\n");
    Path sessions = Files.createDirectories(dir.resolve("sessions"));

    Path fpmDir = dir.resolve("fpm");
    fpm =
        PhpFpm.start(
            fpmDir,
            2,
            true, // the machine's php.ini: DokuWiki needs its extensions
            "php_admin_value[session.save_path] = " + sessions,
            "php_admin_value[error_log] = " + fpmDir.resolve("php-errors.log"));
    server =
        MtServer.start(
            ServerSettings.builder(
                    new Directories(root, dir.resolve("uploads"), dir.resolve("mtserver-data")))
                .scripts(
                    ScriptSettings.usingPhpFpm(fpm.address())
                        .withTimeout(Duration.ofSeconds(20))
                        .withFpmConnections(2))
                .build());
    client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (fpm != null) {
      fpm.close();
    }
  }

  private static void copyResolvingLinks(Path from, Path to) throws IOException {
    try (Stream<Path> tree = Files.walk(from, FileVisitOption.FOLLOW_LINKS)) {
      for (Path source : (Iterable<Path>) tree::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (Files.isReadable(source)) { // /etc/dokuwiki's ACL links are root's only
          Files.copy(source, target);
        }
      }
    }
  }

  private static HttpResponse<String> get(String target) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.url().resolve(target))
            .timeout(Duration.ofSeconds(30))
            .build(),
        BodyHandlers.ofString());
  }

  @Test
  void the_start_page_renders_through_index_php() throws Exception {
    HttpResponse<String> response = get("/"); // index.php redirects to doku.php

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.uri().getPath()).isEqualTo("/doku.php");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(response.body()).contains("Served by MTServer", "MTServer wiki");
  }

  @Test
  void a_page_is_created_through_the_edit_form_and_shown_rendered() throws Exception {
    HttpResponse<String> form = get("/doku.php?id=from_mtserver&do=edit");
    assertThat(form.statusCode()).isEqualTo(200);
    String editForm = between(form.body(), "<form id=\"dw__editform\"", "</form>");
    Map<String, String> fields = hiddenFields(editForm);
    assertThat(fields).containsKeys("sectok", "id", "changecheck"); // the CSRF token among them
    fields.put("wikitext", "====== Written through MTServer ======\nA **bold** claim.\n");
    fields.put("summary", "created by DokuWikiIT");
    fields.put("do[save]", "1");
    String action =
        between(editForm, "action=\"", "\"").replace("&amp;", "&"); // /doku.php?id=...&do=edit

    HttpResponse<String> saved =
        client.send(
            HttpRequest.newBuilder(server.url().resolve(action))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(urlEncoded(fields)))
                .build(),
            BodyHandlers.ofString());
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);

    HttpResponse<String> shown = get("/doku.php?id=from_mtserver");
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body())
        .contains("Written through MTServer</h1>", "<strong>bold</strong> claim");
    assertThat(Files.readString(data.resolve("pages/from_mtserver.txt"), UTF_8))
        .contains("A **bold** claim");
  }

  @Test
  void style_sheets_made_by_php_and_images_from_the_template_are_served() throws Exception {
    HttpResponse<String> css = get("/lib/exe/css.php?t=dokuwiki");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    assertThat(css.body()).contains("{");

    HttpResponse<byte[]> logo =
        client.send(
            HttpRequest.newBuilder(server.url().resolve("/lib/tpl/dokuwiki/images/logo.png"))
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(logo.statusCode()).isEqualTo(200);
    assertThat(logo.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(logo.body())
        .isEqualTo(Files.readAllBytes(PACKAGE.resolve("lib/tpl/dokuwiki/images/logo.png")));
  }

  @Test
  void the_wikis_data_and_configuration_are_not_reachable() throws Exception {
    assertThat(get("/data/pages/start.txt").statusCode()).isEqualTo(404);
    assertThat(get("/conf/local.php").statusCode()).isEqualTo(404);
    assertThat(get("/.htaccess").statusCode()).isEqualTo(404); // hidden: never served
  }

  @Test
  void a_media_file_uploaded_through_the_media_manager_is_served_back_byte_exact()
      throws Exception {
    byte[] png = noisePng();
    assertThat(png.length).isGreaterThan(64 * 1024); // several FCGI_STDIN records, past read-ahead

    // the media manager's real upload form, as the wiki's editor opens it, with its token
    HttpResponse<String> manager = get("/lib/exe/mediamanager.php?ns=uploads");
    assertThat(manager.statusCode()).as(manager.body()).isEqualTo(200);
    String uploadForm = between(manager.body(), "<form id=\"dw__upload\"", "</form>");
    Map<String, String> fields = hiddenFields(uploadForm);
    assertThat(fields).containsKeys("sectok", "ns");
    fields.put("mediaid", "from-mtserver.png");
    String action = between(uploadForm, "action=\"", "\"").replace("&amp;", "&");
    assertThat(action).isEqualTo("/lib/exe/mediamanager.php");

    Multipart body = new Multipart(fields, "upload", "noise.png", "image/png", png);
    HttpResponse<String> uploaded =
        client.send(
            HttpRequest.newBuilder(server.url().resolve(action))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", body.contentType())
                .POST(BodyPublishers.ofByteArray(body.bytes()))
                .build(),
            BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
    assertThat(uploaded.body()).contains("Upload successful"); // DokuWiki's own message

    Path stored = data.resolve("media/uploads/from-mtserver.png");
    assertThat(stored).exists();
    assertThat(Files.readAllBytes(stored)).isEqualTo(png);

    HttpResponse<byte[]> fetched =
        client.send(
            HttpRequest.newBuilder(
                    server.url().resolve("/lib/exe/fetch.php?media=uploads:from-mtserver.png"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            BodyHandlers.ofByteArray());
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(fetched.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(fetched.body()).isEqualTo(png);

    // the media store itself is not under the served root, however the path is spelt
    assertThat(get("/data/media/uploads/from-mtserver.png").statusCode()).isEqualTo(404);
    assertThat(get("/media/uploads/from-mtserver.png").statusCode()).isEqualTo(404);
    // climbing out of the root is refused outright (400), never clamped to it
    assertThat(get("/../wiki-data/media/uploads/from-mtserver.png").statusCode()).isEqualTo(400);
    assertThat(get("/%2e%2e/wiki-data/media/uploads/from-mtserver.png").statusCode())
        .isEqualTo(400);
  }

  /** A PNG of random pixels (a fixed seed), so no other copy of it exists anywhere. */
  private static byte[] noisePng() throws IOException {
    BufferedImage image = new BufferedImage(160, 160, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(18);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** A {@code multipart/form-data} body as a browser sends the form: the fields, then the file. */
  private record Multipart(
      Map<String, String> fields, String fileField, String fileName, String type, byte[] file) {
    private static final String BOUNDARY = "----MTServerDokuWikiIT7MA4YWxkTrZu0gW";

    String contentType() {
      return "multipart/form-data; boundary=" + BOUNDARY;
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      fields.forEach(
          (name, value) ->
              out.writeBytes(
                  ("--"
                          + BOUNDARY
                          + "\r\nContent-Disposition: form-data; name=\""
                          + name
                          + "\"\r\n\r\n"
                          + value
                          + "\r\n")
                      .getBytes(UTF_8)));
      out.writeBytes(
          ("--"
                  + BOUNDARY
                  + "\r\nContent-Disposition: form-data; name=\""
                  + fileField
                  + "\"; filename=\""
                  + fileName
                  + "\"\r\nContent-Type: "
                  + type
                  + "\r\n\r\n")
              .getBytes(UTF_8));
      out.writeBytes(file);
      out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(UTF_8));
      return out.toByteArray();
    }
  }

  private static Map<String, String> hiddenFields(String form) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher hidden =
        Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .matcher(form);
    while (hidden.find()) {
      fields.put(hidden.group(1), hidden.group(2));
    }
    return fields;
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("%s in the page", start).isNotNegative();
    int to = text.indexOf(end, from + start.length());
    return text.substring(from + start.length(), to);
  }

  private static String urlEncoded(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
        .collect(Collectors.joining("&"));
  }
}
