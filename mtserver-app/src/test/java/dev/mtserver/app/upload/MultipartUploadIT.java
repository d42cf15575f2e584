package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outcomes 2, 3, 6 and 7 over real sockets: files stream into downloads/ byte for byte, names are
 * sanitised and never overwrite, the answer lists what was stored, and uploaded files stay data.
 */
class MultipartUploadIT {

  @TempDir static Path dir;
  static MtServer server;
  static Path downloads;
  static Path log;

  /** How long a raw client waits for each read: a server that hangs fails the test. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

  static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    server =
        MtServer.start(
            ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")).toBuilder()
                .maxParts(10)
                .build());
    downloads = dir.resolve("public/downloads");
    log = dir.resolve("data").resolve(MtServer.SUBMISSIONS_FILE);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close(); // idle keep-alive connections would hold the server's shutdown grace
    server.close();
  }

  private static HttpResponse<byte[]> upload(String path, MultipartBody body, String accept)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.url().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", body.contentType())
            .POST(BodyPublishers.ofByteArray(body.close()));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return client.send(request.build(), BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(20)).build(),
        BodyHandlers.ofByteArray());
  }

  private static String sha256(byte[] bytes) {
    return Hashing.sha256().hashBytes(bytes).toString();
  }

  /** Random bytes laced with CRLFs, dashes and lines that look like this body's boundary. */
  private static byte[] nastyBinary(String boundary, int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 200);
    String[] lookalikes = {
      "\r\n--" + boundary + "x\r\n",
      "\r\n--" + boundary.substring(0, boundary.length() - 1) + "\r\n",
      "x--" + boundary + "\r\n",
      "\r\n--" + boundary + " trailing\r\n",
      "\r\n\r\n",
      "\r\n--\r\n",
      "\r\r\n\n-"
    };
    while (out.size() < size) {
      if (random.nextInt(4) == 0) {
        out.writeBytes(lookalikes[random.nextInt(lookalikes.length)].getBytes(ISO_8859_1));
      } else {
        byte[] noise = new byte[random.nextInt(4096)];
        random.nextBytes(noise);
        out.writeBytes(noise);
      }
    }
    out.write(0x42);
    return out.toByteArray();
  }

  @Test
  void binary_files_with_crlf_and_boundary_like_lines_arrive_byte_for_byte() throws Exception {
    MultipartBody body = new MultipartBody();
    byte[] first = nastyBinary(body.boundary, 3 * 1024 * 1024 + 17, 1);
    byte[] second = nastyBinary(body.boundary, 70_000, 2);
    body.file("file", "nasty-one.bin", first)
        .field("note", "two nasty files")
        .file("file", "nasty-two.bin", second);

    HttpResponse<byte[]> response = upload("/upload", body, "application/json");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(new String(response.body(), UTF_8))
        .isEqualTo(
            "{\"files\":["
                + "{\"name\":\"nasty-one.bin\",\"size\":"
                + first.length
                + ",\"url\":\"/downloads/nasty-one.bin\"},"
                + "{\"name\":\"nasty-two.bin\",\"size\":"
                + second.length
                + ",\"url\":\"/downloads/nasty-two.bin\"}]}");
    assertThat(sha256(Files.readAllBytes(downloads.resolve("nasty-one.bin"))))
        .isEqualTo(sha256(first));
    assertThat(sha256(Files.readAllBytes(downloads.resolve("nasty-two.bin"))))
        .isEqualTo(sha256(second));
    assertThat(sha256(get("/downloads/nasty-one.bin").body())).isEqualTo(sha256(first));
    assertThat(UploadsDirectory.temporaryNames(downloads)).isEmpty();
    assertThat(SubmissionLines.read(log))
        .anySatisfy(
            line -> {
              assertThat(line.path()).isEqualTo("/upload");
              assertThat(line.fields()).containsExactly("note=two nasty files");
              assertThat(line.files()).containsExactly("nasty-one.bin", "nasty-two.bin");
            });
  }

  @Test
  void the_answer_locates_the_first_file_and_a_browser_gets_html_links() throws Exception {
    MultipartBody body = new MultipartBody().file("file", "café menu.txt", "soup".getBytes(UTF_8));

    HttpResponse<byte[]> response = upload("/upload.html", body, "text/html,*/*;q=0.8");

    assertThat(response.statusCode()).isEqualTo(201);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).isEqualTo("/downloads/caf%C3%A9%20menu.txt");
    assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(new String(response.body(), UTF_8))
        .contains(
            "<a href=\"/downloads/caf%C3%A9%20menu.txt\">café menu.txt</a></td>"
                + "<td class=\"size\">4 bytes</td>");
    HttpResponse<byte[]> stored = get(location);
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(new String(stored.body(), UTF_8)).isEqualTo("soup");
  }

  @Test
  void client_file_names_are_reduced_to_safe_base_names() throws Exception {
    MultipartBody body =
        new MultipartBody()
            .file("f", "../../../etc/passwd-upload", "a".getBytes(UTF_8))
            .file("f", "C:\\Users\\me\\win.txt", "b".getBytes(UTF_8))
            .file("f", ".hidden-upload", "c".getBytes(UTF_8))
            .file("f", "..", "d".getBytes(UTF_8))
            .file("f", "rtl\u202Egnp.exe", "e".getBytes(UTF_8));

    HttpResponse<byte[]> response = upload("/upload", body, "application/json");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(UploadsDirectory.visibleNames(downloads))
        .contains("passwd-upload", "win.txt", "hidden-upload", "upload", "rtlgnp.exe");
    assertThat(Files.exists(dir.resolve("etc"))).isFalse();
    assertThat(UploadsDirectory.names(downloads)).doesNotContain(".hidden-upload");
  }

  @Test
  void an_existing_name_gets_a_number_and_is_never_overwritten() throws Exception {
    Files.writeString(downloads.resolve("report.pdf"), "the original");

    HttpResponse<byte[]> first =
        upload(
            "/upload",
            new MultipartBody().file("f", "report.pdf", "v1".getBytes(UTF_8)),
            "application/json");
    HttpResponse<byte[]> second =
        upload(
            "/upload",
            new MultipartBody().file("f", "report.pdf", "v2".getBytes(UTF_8)),
            "application/json");

    assertThat(first.headers().firstValue("Location")).contains("/downloads/report%20(1).pdf");
    assertThat(second.headers().firstValue("Location")).contains("/downloads/report%20(2).pdf");
    assertThat(Files.readString(downloads.resolve("report.pdf"))).isEqualTo("the original");
    assertThat(Files.readString(downloads.resolve("report (1).pdf"))).isEqualTo("v1");
    assertThat(Files.readString(downloads.resolve("report (2).pdf"))).isEqualTo("v2");
  }

  /** Both bodies are in flight, all but their last bytes sent, before either can commit. */
  @Test
  void two_simultaneous_uploads_of_one_name_both_survive() throws Exception {
    byte[] a = nastyBinary("x", 200_000, 3);
    byte[] b = nastyBinary("x", 200_000, 4);
    byte[] bodyA = new MultipartBody().file("f", "twin.bin", a).close();
    byte[] bodyB = new MultipartBody().file("f", "twin.bin", b).close();
    String type = new MultipartBody().contentType();
    URI url = server.url();
    try (RawHttpClient one = RawHttpClient.connect(url, READ_TIMEOUT);
        RawHttpClient two = RawHttpClient.connect(url, READ_TIMEOUT)) {
      one.send(
          RawHttpClient.request(
              "POST", "/upload", "Content-Type: " + type, "Content-Length: " + bodyA.length));
      two.send(
          RawHttpClient.request(
              "POST", "/upload", "Content-Type: " + type, "Content-Length: " + bodyB.length));
      one.send(java.util.Arrays.copyOf(bodyA, bodyA.length - 10));
      two.send(java.util.Arrays.copyOf(bodyB, bodyB.length - 10));
      assertThat(
              UploadsDirectory.await(
                  downloads,
                  names ->
                      names.stream()
                              .filter(n -> n.startsWith(".upload-") && n.endsWith(".tmp"))
                              .count()
                          == 2,
                  Duration.ofSeconds(10)))
          .isTrue();
      one.send(java.util.Arrays.copyOfRange(bodyA, bodyA.length - 10, bodyA.length));
      two.send(java.util.Arrays.copyOfRange(bodyB, bodyB.length - 10, bodyB.length));

      assertThat(one.readResponse().status()).isEqualTo(201);
      assertThat(two.readResponse().status()).isEqualTo(201);
    }
    List<String> twins =
        UploadsDirectory.visibleNames(downloads).stream()
            .filter(n -> n.startsWith("twin"))
            .toList();
    assertThat(twins).containsExactlyInAnyOrder("twin.bin", "twin (1).bin");
    List<String> hashes =
        List.of(
            sha256(Files.readAllBytes(downloads.resolve("twin.bin"))),
            sha256(Files.readAllBytes(downloads.resolve("twin (1).bin"))));
    assertThat(hashes).containsExactlyInAnyOrder(sha256(a), sha256(b));
  }

  @Test
  void uploaded_active_files_are_served_as_attachments_and_php_never_runs_or_shows()
      throws Exception {
    MultipartBody body =
        new MultipartBody()
            .file("f", "page.html", "<script>alert(document.cookie)</script>".getBytes(UTF_8))
            .file(
                "f",
                "image.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                    .getBytes(UTF_8))
            .file("f", "shell.php", "<?php echo 'secret-source'; ?>".getBytes(UTF_8))
            .file("f", "photo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertThat(upload("/upload", body, "application/json").statusCode()).isEqualTo(201);

    for (String active : List.of("/downloads/page.html", "/downloads/image.svg")) {
      HttpResponse<byte[]> response = get(active);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Disposition")).contains("attachment");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(response.headers().firstValue("Content-Security-Policy")).contains("sandbox");
    }
    HttpResponse<byte[]> png = get("/downloads/photo.png");
    assertThat(png.headers().firstValue("Content-Disposition")).isEmpty();
    assertThat(png.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    HttpResponse<byte[]> php = get("/downloads/shell.php");
    assertThat(php.statusCode()).isEqualTo(501);
    assertThat(new String(php.body(), UTF_8)).doesNotContain("secret-source");
  }

  @Test
  void a_body_without_its_close_delimiter_is_400_and_stores_nothing() throws Exception {
    MultipartBody body =
        new MultipartBody().file("f", "never-stored.txt", "complete".getBytes(UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(server.url().resolve("/upload"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", body.contentType())
            .POST(BodyPublishers.ofByteArray(body.open()))
            .build();

    assertThat(client.send(request, BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    assertThat(UploadsDirectory.names(downloads)).doesNotContain("never-stored.txt");
    assertThat(UploadsDirectory.temporaryNames(downloads)).isEmpty();
  }

  @Test
  void more_parts_than_allowed_is_413_and_stores_nothing() throws Exception {
    MultipartBody body = new MultipartBody();
    for (int i = 0; i < 11; i++) {
      body.file("f", "many-" + i + ".txt", "x".getBytes(UTF_8));
    }

    assertThat(upload("/upload", body, null).statusCode()).isEqualTo(413);
    assertThat(UploadsDirectory.names(downloads)).noneMatch(n -> n.startsWith("many-"));
    assertThat(UploadsDirectory.temporaryNames(downloads)).isEmpty();
  }

  @Test
  void part_headers_over_8_kib_are_413() throws Exception {
    MultipartBody body =
        new MultipartBody()
            .raw(
                "--"
                    + new MultipartBody().boundary
                    + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\""
                    + "n".repeat(9000)
                    + ".txt\"\r\n\r\nx\r\n");

    assertThat(upload("/upload", body, null).statusCode()).isEqualTo(413);
  }

  @Test
  void multipart_to_a_path_that_is_not_a_page_is_404() throws Exception {
    MultipartBody body = new MultipartBody().file("f", "lost.txt", "x".getBytes(UTF_8));

    assertThat(upload("/no/such/page", body, null).statusCode()).isEqualTo(404);
    assertThat(UploadsDirectory.names(downloads)).doesNotContain("lost.txt");
  }
}
