package dev.mtserver.app.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ResumableSettings;
import dev.mtserver.app.ServerSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tus 1.0.0 protocol at {@code /files/} over real sockets with the JDK's HTTP client, against
 * in-process servers: every status the protocol defines, the published file byte-exact in {@code
 * /downloads/}, nothing of an unfinished upload visible there, expiry, and the endpoint turned off.
 */
class ResumableUploadProtocolIT {

  @TempDir static Path dir;
  static MtServer server;
  static MtServer shortLived;
  static MtServer disabled;
  static final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start() throws IOException {
    for (String each : new String[] {"a", "b", "c"}) {
      Files.createDirectories(dir.resolve(each));
    }
    server =
        MtServer.start(
            ServerSettings.forRoot(dir.resolve("a/public"), dir.resolve("a/data")).toBuilder()
                .maxUploadSize(1 << 20)
                .build());
    shortLived =
        MtServer.start(
            ServerSettings.forRoot(dir.resolve("b/public"), dir.resolve("b/data")).toBuilder()
                .resumable(ResumableSettings.defaults().withExpiry(Duration.ofMillis(400)))
                .build());
    disabled =
        MtServer.start(
            ServerSettings.forRoot(dir.resolve("c/public"), dir.resolve("c/data")).toBuilder()
                .resumable(ResumableSettings.disabled())
                .build());
  }

  @AfterAll
  static void stop() {
    for (MtServer s : new MtServer[] {server, shortLived, disabled}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static HttpRequest.Builder tus(MtServer on, String path) {
    return HttpRequest.newBuilder(on.url().resolve(path))
        .timeout(Duration.ofSeconds(10))
        .header("Tus-Resumable", "1.0.0");
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, BodyHandlers.ofString());
  }

  private static String create(MtServer on, long length, String fileName) throws Exception {
    HttpResponse<String> created =
        send(
            tus(on, "/files/")
                .header("Upload-Length", Long.toString(length))
                .header(
                    "Upload-Metadata",
                    "filename "
                        + Base64.getEncoder()
                            .encodeToString(fileName.getBytes(StandardCharsets.UTF_8))
                        + ",filetype dGV4dC9wbGFpbg==")
                .POST(BodyPublishers.noBody())
                .build());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Tus-Resumable")).hasValue("1.0.0");
    assertThat(created.headers().firstValue("Upload-Expires")).isPresent();
    return created.headers().firstValue("Location").orElseThrow();
  }

  private static HttpResponse<String> patch(
      MtServer on, String location, long offset, byte[] chunk, String... fields) throws Exception {
    HttpRequest.Builder request =
        tus(on, location)
            .header("Content-Type", "application/offset+octet-stream")
            .header("Upload-Offset", Long.toString(offset))
            .method("PATCH", BodyPublishers.ofByteArray(chunk));
    for (int i = 0; i < fields.length; i += 2) {
      request.header(fields[i], fields[i + 1]);
    }
    return send(request.build());
  }

  private static HttpResponse<String> head(MtServer on, String location) throws Exception {
    return send(tus(on, location).method("HEAD", BodyPublishers.noBody()).build());
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static Path uploadsOf(MtServer on) {
    String which = on == server ? "a" : on == shortLived ? "b" : "c";
    return dir.resolve(which + "/public/downloads");
  }

  @Test
  void options_advertises_tus_1_0_0_its_extensions_the_largest_size_and_sha1() throws Exception {
    HttpResponse<String> options =
        send(
            HttpRequest.newBuilder(server.url().resolve("/files/"))
                .method("OPTIONS", BodyPublishers.noBody())
                .build());

    assertThat(options.statusCode()).isEqualTo(204);
    assertThat(options.headers().firstValue("Tus-Version")).hasValue("1.0.0");
    assertThat(options.headers().firstValue("Tus-Extension").orElseThrow())
        .contains("creation", "creation-with-upload", "termination", "checksum", "expiration");
    assertThat(options.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(1 << 20));
    assertThat(options.headers().firstValue("Tus-Checksum-Algorithm").orElseThrow())
        .contains("sha1");
  }

  @Test
  void an_upload_in_three_chunks_is_published_byte_exact_and_only_at_its_last_byte()
      throws Exception {
    byte[] content = random(300_000, 1);
    String location = create(server, content.length, "three chunks.bin");

    HttpResponse<String> first =
        patch(server, location, 0, Arrays.copyOfRange(content, 0, 100_000));
    assertThat(first.statusCode()).isEqualTo(204);
    assertThat(first.headers().firstValue("Upload-Offset")).hasValue("100000");
    try (Stream<Path> visible = Files.list(uploadsOf(server))) {
      assertThat(visible.map(p -> p.getFileName().toString()))
          .as("nothing of an unfinished upload is in the uploads directory")
          .noneMatch(name -> name.startsWith("three chunks"));
    }
    assertThat(
            send(HttpRequest.newBuilder(server.url().resolve("/downloads/three%20chunks.bin"))
                    .build())
                .statusCode())
        .isEqualTo(404);

    HttpResponse<String> status = head(server, location);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.headers().firstValue("Upload-Offset")).hasValue("100000");
    assertThat(status.headers().firstValue("Upload-Length")).hasValue("300000");
    assertThat(status.headers().firstValue("Cache-Control")).hasValue("no-store");

    assertThat(
            patch(server, location, 100_000, Arrays.copyOfRange(content, 100_000, 200_000))
                .statusCode())
        .isEqualTo(204);
    HttpResponse<String> last =
        patch(server, location, 200_000, Arrays.copyOfRange(content, 200_000, 300_000));
    assertThat(last.statusCode()).isEqualTo(204);
    assertThat(last.headers().firstValue("Upload-Offset")).hasValue("300000");
    String stored = last.headers().firstValue("Location").orElseThrow();
    assertThat(stored).isEqualTo("/downloads/three%20chunks.bin");
    assertThat(head(server, location).headers().firstValue("Location")).hasValue(stored);

    HttpResponse<byte[]> download =
        http.send(
            HttpRequest.newBuilder(server.url().resolve(stored)).build(),
            BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(content);
  }

  @Test
  void an_offset_mismatch_is_409_and_the_upload_stays_where_it_was() throws Exception {
    String location = create(server, 10, "mismatch.txt");
    assertThat(patch(server, location, 5, new byte[5]).statusCode()).isEqualTo(409);
    assertThat(head(server, location).headers().firstValue("Upload-Offset")).hasValue("0");
  }

  @Test
  void a_chunk_of_another_content_type_is_415() throws Exception {
    String location = create(server, 3, "type.txt");
    HttpResponse<String> response =
        send(
            tus(server, location)
                .header("Content-Type", "application/octet-stream")
                .header("Upload-Offset", "0")
                .method("PATCH", BodyPublishers.ofByteArray(new byte[3]))
                .build());
    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void missing_headers_are_400_and_an_unsupported_version_412() throws Exception {
    String location = create(server, 3, "headers.txt");
    assertThat(
            send(tus(server, location)
                    .header("Content-Type", "application/offset+octet-stream")
                    .method("PATCH", BodyPublishers.ofByteArray(new byte[3]))
                    .build())
                .statusCode())
        .as("no Upload-Offset")
        .isEqualTo(400);
    assertThat(send(tus(server, "/files/").POST(BodyPublishers.noBody()).build()).statusCode())
        .as("neither Upload-Length nor Upload-Defer-Length")
        .isEqualTo(400);
    HttpResponse<String> oldVersion =
        send(
            HttpRequest.newBuilder(server.url().resolve("/files/"))
                .header("Tus-Resumable", "0.2.2")
                .header("Upload-Length", "3")
                .POST(BodyPublishers.noBody())
                .build());
    assertThat(oldVersion.statusCode()).isEqualTo(412);
    assertThat(oldVersion.headers().firstValue("Tus-Version")).hasValue("1.0.0");
  }

  @Test
  void a_checksum_mismatch_is_460_and_keeps_nothing() throws Exception {
    byte[] chunk = "checked".getBytes(StandardCharsets.US_ASCII);
    String location = create(server, chunk.length, "checked.txt");
    String wrong =
        Base64.getEncoder().encodeToString(sha1("other".getBytes(StandardCharsets.US_ASCII)));
    assertThat(patch(server, location, 0, chunk, "Upload-Checksum", "sha1 " + wrong).statusCode())
        .isEqualTo(460);
    assertThat(head(server, location).headers().firstValue("Upload-Offset")).hasValue("0");
    String right = Base64.getEncoder().encodeToString(sha1(chunk));
    assertThat(patch(server, location, 0, chunk, "Upload-Checksum", "sha1 " + right).statusCode())
        .isEqualTo(204);
  }

  @Test
  void unknown_and_terminated_uploads_are_404() throws Exception {
    assertThat(head(server, "/files/0123456789abcdef0123456789abcdef").statusCode()).isEqualTo(404);
    String location = create(server, 5, "terminated.txt");
    assertThat(patch(server, location, 0, new byte[2]).statusCode()).isEqualTo(204);
    assertThat(send(tus(server, location).DELETE().build()).statusCode()).isEqualTo(204);
    assertThat(head(server, location).statusCode()).isEqualTo(404);
    assertThat(patch(server, location, 2, new byte[3]).statusCode()).isEqualTo(404);
  }

  @Test
  void an_upload_longer_than_the_largest_is_413_at_creation() throws Exception {
    HttpResponse<String> response =
        send(
            tus(server, "/files/")
                .header("Upload-Length", Long.toString((1 << 20) + 1))
                .POST(BodyPublishers.noBody())
                .build());
    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void creation_with_upload_and_a_deferred_length() throws Exception {
    HttpResponse<String> created =
        send(
            tus(server, "/files/")
                .header("Upload-Defer-Length", "1")
                .header("Content-Type", "application/offset+octet-stream")
                .header("Upload-Metadata", "filename ZGVmZXJyZWQudHh0")
                .POST(BodyPublishers.ofString("hello "))
                .build());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Upload-Offset")).hasValue("6");
    String location = created.headers().firstValue("Location").orElseThrow();
    assertThat(head(server, location).headers().firstValue("Upload-Defer-Length")).hasValue("1");

    HttpResponse<String> last =
        patch(
            server,
            location,
            6,
            "world".getBytes(StandardCharsets.US_ASCII),
            "Upload-Length",
            "11");
    assertThat(last.statusCode()).isEqualTo(204);
    assertThat(Files.readString(uploadsOf(server).resolve("deferred.txt")))
        .isEqualTo("hello world");
  }

  @Test
  void an_expired_upload_is_410() throws Exception {
    String location = create(shortLived, 10, "expiring.txt");
    Thread.sleep(600);
    assertThat(head(shortLived, location).statusCode()).isEqualTo(410);
    assertThat(patch(shortLived, location, 0, new byte[10]).statusCode()).isEqualTo(410);
  }

  @Test
  void turned_off_files_is_an_ordinary_path_with_no_tus_answers() throws Exception {
    HttpResponse<String> options =
        send(
            HttpRequest.newBuilder(disabled.url().resolve("/files/"))
                .method("OPTIONS", BodyPublishers.noBody())
                .build());
    assertThat(options.headers().firstValue("Tus-Resumable")).isEmpty();
    HttpResponse<String> post =
        send(
            tus(disabled, "/files/")
                .header("Upload-Length", "3")
                .POST(BodyPublishers.noBody())
                .build());
    assertThat(post.statusCode()).isNotIn(201, 204);
    assertThat(post.headers().firstValue("Tus-Resumable")).isEmpty();
    assertThat(disabled.resumableUploads()).isFalse();
    assertThat(dir.resolve("c/data/resumable")).doesNotExist();
  }

  @Test
  void partials_live_in_the_data_directory_and_are_never_served() throws Exception {
    String location = create(server, 100, "partial.txt");
    assertThat(patch(server, location, 0, new byte[40]).statusCode()).isEqualTo(204);
    String id = location.substring(location.lastIndexOf('/') + 1);
    try (Stream<Path> partials = Files.list(dir.resolve("a/data/resumable"))) {
      assertThat(partials.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(id));
    }
    assertThat(send(HttpRequest.newBuilder(server.url().resolve(location)).build()).statusCode())
        .as("GET of an upload")
        .isEqualTo(405);
  }

  private static byte[] sha1(byte[] bytes) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-1").digest(bytes);
  }
}
