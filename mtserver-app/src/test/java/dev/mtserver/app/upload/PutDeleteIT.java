package dev.mtserver.app.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.AccessSettings;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.access.Tools;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PUT} and {@code DELETE} of files in the uploads area over real sockets, with curl {@code
 * -T}, the JDK's HttpClient and a raw client (issue 19, outcome 2; ADR 0046). Two servers: one
 * without an auth file (anyone may add a file, nobody may replace or remove one) and one with a
 * real {@code htpasswd -B} file (writes need credentials; then replacing and removing are offered).
 */
class PutDeleteIT {

  private static final String PASSWORD = "s3cret";
  private static final long MAX_UPLOAD = 1024 * 1024;

  @TempDir static Path dir;
  static MtServer open;
  static MtServer guarded;
  static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    Path users = dir.resolve("users");
    Tools.htpasswd(users, "ann", PASSWORD);
    open = MtServer.start(settings("open", AccessSettings.defaults()));
    guarded = MtServer.start(settings("guarded", AccessSettings.defaults().withAuthFile(users)));
  }

  private static ServerSettings settings(String name, AccessSettings access) throws IOException {
    Path site = Files.createDirectories(dir.resolve(name));
    Path root = Files.createDirectories(site.resolve("public"));
    Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
    return ServerSettings.forRoot(root, site.resolve("data")).toBuilder()
        .access(access)
        .maxUploadSize(MAX_UPLOAD)
        .build();
  }

  @AfterAll
  static void stop() throws IOException {
    client.close();
    for (MtServer server : new MtServer[] {open, guarded}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void curl_dash_t_stores_the_file_under_its_name_with_location_and_etag() throws Exception {
    byte[] content = new byte[200_000];
    new Random(19).nextBytes(content);
    Path file = dir.resolve("photo.jpg");
    Files.write(file, content);

    Tools.CurlResult put = Tools.curl("-T", file.toString(), url(open, "/downloads/"));

    assertThat(put.status()).isEqualTo(201);
    assertThat(header(put, "Location")).contains("/downloads/photo.jpg");
    HttpResponse<byte[]> got =
        client.send(get(open, "/downloads/photo.jpg"), BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(content);
    assertThat(header(put, "ETag")).isPresent().isEqualTo(got.headers().firstValue("ETag"));
  }

  @Test
  void a_name_is_sanitised_as_a_multipart_upload_s_and_location_says_where_it_went()
      throws Exception {
    HttpResponse<String> hidden = send(open, "PUT", "/downloads/.profile", "x");
    HttpResponse<String> bidi =
        send(open, "PUT", "/downloads/evil%E2%80%AEfdp.exe", "y"); // U+202E, right-to-left override

    assertThat(hidden.statusCode()).isEqualTo(201);
    assertThat(hidden.headers().firstValue("Location")).contains("/downloads/profile");
    assertThat(bidi.statusCode()).isEqualTo(201);
    assertThat(bidi.headers().firstValue("Location")).contains("/downloads/evilfdp.exe");
    assertThat(downloads(open).resolve("profile")).hasContent("x");
    assertThat(UploadsDirectory.visibleNames(downloads(open))).doesNotContain(".profile");
  }

  @Test
  void a_name_that_exists_is_never_replaced_without_if_match() throws Exception {
    assertThat(send(open, "PUT", "/downloads/keep.txt", "first").statusCode()).isEqualTo(201);

    HttpResponse<String> again = send(open, "PUT", "/downloads/keep.txt", "second");
    HttpResponse<String> onlyNew =
        client.send(
            put(open, "/downloads/keep.txt", "third").header("If-None-Match", "*").build(),
            BodyHandlers.ofString());

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(onlyNew.statusCode()).isEqualTo(412);
    assertThat(downloads(open).resolve("keep.txt")).hasContent("first");
  }

  @Test
  void a_refused_put_sends_no_100_continue_and_reads_no_body() throws Exception {
    send(open, "PUT", "/downloads/taken.bin", "x");
    try (RawHttpClient raw = RawHttpClient.connect(open.address())) {
      RawHttpClient.Response response =
          raw.send(
                  RawHttpClient.request(
                      "PUT",
                      "/downloads/taken.bin",
                      "Content-Length: 500000",
                      "Expect: 100-continue"))
              .readResponse();
      assertThat(response.status()).isEqualTo(409); // not 100: the client keeps its body
    }
    Path file = dir.resolve("continued.txt");
    Files.writeString(file, "sent after 100 Continue");
    Tools.CurlResult accepted =
        Tools.curl("-H", "Expect: 100-continue", "-T", file.toString(), url(open, "/downloads/"));
    assertThat(accepted.out()).contains("HTTP/1.1 100");
    assertThat(accepted.status()).isEqualTo(201);
    assertThat(downloads(open).resolve("continued.txt")).hasContent("sent after 100 Continue");
  }

  @Test
  void without_an_auth_file_delete_and_replacing_are_405_with_allow() throws Exception {
    HttpResponse<String> created = send(open, "PUT", "/downloads/mine.txt", "v1");
    String tag = created.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> replace =
        client.send(
            put(open, "/downloads/mine.txt", "v2").header("If-Match", tag).build(),
            BodyHandlers.ofString());
    HttpResponse<String> delete = send(open, "DELETE", "/downloads/mine.txt", null);
    HttpResponse<String> options = send(open, "OPTIONS", "/downloads/mine.txt", null);

    assertThat(replace.statusCode()).isEqualTo(405);
    assertThat(replace.headers().firstValue("Allow")).contains("GET, HEAD, POST, PUT, OPTIONS");
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(delete.headers().firstValue("Allow")).contains("GET, HEAD, POST, PUT, OPTIONS");
    assertThat(options.headers().firstValue("Allow")).contains("GET, HEAD, POST, PUT, OPTIONS");
    assertThat(downloads(open).resolve("mine.txt")).hasContent("v1");
  }

  @Test
  void put_and_delete_outside_the_uploads_folder_are_405_and_touch_nothing() throws Exception {
    Files.createDirectories(downloads(open).resolve("sub"));
    for (String path : List.of("/index.html", "/new.txt", "/downloads/", "/downloads/sub/a.txt")) {
      for (String method : List.of("PUT", "DELETE")) {
        HttpResponse<String> response = send(open, method, path, "overwritten?");
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow"))
            .as(method + " " + path)
            .contains("GET, HEAD, POST, OPTIONS");
      }
    }
    assertThat(root(open).resolve("index.html")).hasContent("<h1>home</h1>");
    assertThat(root(open).resolve("new.txt")).doesNotExist();
    assertThat(downloads(open).resolve("sub")).isEmptyDirectory();
    assertThat(send(open, "OPTIONS", "/index.html", null).headers().firstValue("Allow"))
        .contains("GET, HEAD, POST, OPTIONS");
  }

  @Test
  void traversal_and_encoded_slashes_are_refused_as_get_refuses_them() throws Exception {
    for (String target :
        List.of(
            "/downloads/../index.html",
            "/downloads/..%2Findex.html",
            "/downloads/%2e%2e/index.html",
            "/downloads/a%2Fb",
            "/downloads/%00x")) {
      int get = raw(guarded, "GET", target, "").status();
      int put = raw(guarded, "PUT", target, "pwned").status();
      int delete = raw(guarded, "DELETE", target, "").status();
      assertThat(put).as("PUT " + target).isIn(400, 404, 405, 401);
      assertThat(delete).as("DELETE " + target).isIn(400, 404, 405, 401);
      if (get == 400) {
        assertThat(List.of(put, delete)).as(target).containsOnly(400);
      }
      int authorisedPut = raw(guarded, "PUT", target, "pwned", auth()).status();
      int authorisedDelete = raw(guarded, "DELETE", target, "", auth()).status();
      assertThat(List.of(authorisedPut, authorisedDelete)).as(target).doesNotContain(201, 204);
    }
    assertThat(root(guarded).resolve("index.html")).hasContent("<h1>home</h1>");
    assertThat(UploadsDirectory.visibleNames(downloads(guarded)))
        .noneMatch(name -> name.contains("index") || name.contains("b"));
  }

  @Test
  void with_an_auth_file_put_and_delete_need_credentials() throws Exception {
    HttpResponse<String> anonymous = send(guarded, "PUT", "/downloads/a.txt", "x");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(send(guarded, "DELETE", "/downloads/a.txt", null).statusCode()).isEqualTo(401);

    Path file = dir.resolve("signed.txt");
    Files.writeString(file, "by ann");
    Tools.CurlResult signed =
        Tools.curl("-u", "ann:" + PASSWORD, "-T", file.toString(), url(guarded, "/downloads/"));
    assertThat(signed.status()).isEqualTo(201);
    assertThat(downloads(guarded).resolve("signed.txt")).hasContent("by ann");
    assertThat(downloads(guarded).resolve("a.txt")).doesNotExist();
  }

  @Test
  void with_credentials_if_match_replaces_and_the_old_tag_then_fails() throws Exception {
    HttpResponse<String> created = signed("PUT", "/downloads/doc.txt", "v1", Optional.empty());
    String v1 = created.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> replaced = signed("PUT", "/downloads/doc.txt", "v2", Optional.of(v1));
    assertThat(replaced.statusCode()).isIn(200, 204);
    String v2 = replaced.headers().firstValue("ETag").orElseThrow();
    assertThat(v2).isNotEqualTo(v1);
    HttpResponse<String> read =
        client.send(get(guarded, "/downloads/doc.txt"), BodyHandlers.ofString());
    assertThat(read.body()).isEqualTo("v2");
    assertThat(read.headers().firstValue("ETag")).contains(v2);

    HttpResponse<String> stale = signed("PUT", "/downloads/doc.txt", "v3", Optional.of(v1));
    assertThat(stale.statusCode()).isEqualTo(412);
    HttpResponse<String> absent = signed("PUT", "/downloads/none.txt", "x", Optional.of(v1));
    assertThat(absent.statusCode()).isEqualTo(412);
    assertThat(downloads(guarded).resolve("doc.txt")).hasContent("v2");
    assertThat(downloads(guarded).resolve("none.txt")).doesNotExist();
    assertThat(
            client
                .send(
                    withAuth(HttpRequest.newBuilder(URI.create(url(guarded, "/downloads/doc.txt"))))
                        .method("OPTIONS", BodyPublishers.noBody())
                        .build(),
                    BodyHandlers.ofString())
                .headers()
                .firstValue("Allow"))
        .contains("GET, HEAD, POST, PUT, DELETE, OPTIONS");
  }

  @Test
  void delete_removes_one_file_honours_if_match_and_answers_404_after() throws Exception {
    HttpResponse<String> created = signed("PUT", "/downloads/old.log", "bye", Optional.empty());
    String tag = created.headers().firstValue("ETag").orElseThrow();

    assertThat(signed("DELETE", "/downloads/old.log", null, Optional.of("\"other\"")).statusCode())
        .isEqualTo(412);
    assertThat(downloads(guarded).resolve("old.log")).exists();
    assertThat(signed("DELETE", "/downloads/old.log", null, Optional.of(tag)).statusCode())
        .isEqualTo(204);
    assertThat(downloads(guarded).resolve("old.log")).doesNotExist();
    assertThat(
            client.send(get(guarded, "/downloads/old.log"), BodyHandlers.ofString()).statusCode())
        .isEqualTo(404);
    assertThat(signed("DELETE", "/downloads/old.log", null, Optional.empty()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void a_folder_in_the_uploads_area_is_never_deleted() throws Exception {
    Files.createDirectories(downloads(guarded).resolve("folder"));
    Files.writeString(downloads(guarded).resolve("folder/inside.txt"), "kept");

    assertThat(signed("DELETE", "/downloads/folder", null, Optional.empty()).statusCode())
        .isEqualTo(404);
    assertThat(signed("DELETE", "/downloads/folder/", null, Optional.empty()).statusCode())
        .isEqualTo(405);
    assertThat(downloads(guarded).resolve("folder/inside.txt")).hasContent("kept");
  }

  private static HttpResponse<String> signed(
      String method, String path, String body, Optional<String> ifMatch) throws Exception {
    HttpRequest.Builder request =
        withAuth(HttpRequest.newBuilder(URI.create(url(guarded, path))))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    ifMatch.ifPresent(tag -> request.header("If-Match", tag));
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private static HttpRequest.Builder withAuth(HttpRequest.Builder request) {
    return request.header("Authorization", auth().substring("Authorization: ".length()));
  }

  private static String auth() {
    return "Authorization: Basic "
        + Base64.getEncoder().encodeToString(("ann:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  private static RawHttpClient.Response raw(
      MtServer server, String method, String target, String body, String... fields)
      throws IOException {
    try (RawHttpClient raw = RawHttpClient.connect(server.address())) {
      String[] all = new String[fields.length + 2];
      all[0] = "Content-Length: " + body.length();
      all[1] = "Connection: close";
      System.arraycopy(fields, 0, all, 2, fields.length);
      return raw.send(RawHttpClient.request(method, target, all) + body).readResponse();
    }
  }

  private static HttpResponse<String> send(MtServer server, String method, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url(server, path)))
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
            .build(),
        BodyHandlers.ofString());
  }

  private static HttpRequest.Builder put(MtServer server, String path, String body) {
    return HttpRequest.newBuilder(URI.create(url(server, path))).PUT(BodyPublishers.ofString(body));
  }

  private static HttpRequest get(MtServer server, String path) {
    return HttpRequest.newBuilder(URI.create(url(server, path))).build();
  }

  private static Optional<String> header(Tools.CurlResult result, String name) {
    return result
        .out()
        .lines()
        .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
        .map(line -> line.substring(name.length() + 1).strip())
        .reduce((first, last) -> last);
  }

  private static String url(MtServer server, String path) {
    return "http://127.0.0.1:" + server.address().getPort() + path;
  }

  private static Path root(MtServer server) {
    return dir.resolve(server == open ? "open" : "guarded").resolve("public");
  }

  private static Path downloads(MtServer server) {
    return root(server).resolve("downloads");
  }
}
