package dev.mtserver.http.site.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.resumable.ResumableUploadLimits;
import dev.mtserver.domain.resumable.ResumableUploadService;
import dev.mtserver.domain.testing.InMemoryResumableUploadStore;
import dev.mtserver.domain.testing.InMemoryUploadStore;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.target.RequestTargetParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The mapping of tus requests to the use case and of its outcomes to statuses and fields. */
class ResumableUploadHandlerTest {

  private final InMemoryUploadStore files = new InMemoryUploadStore();
  private final InMemoryResumableUploadStore store = new InMemoryResumableUploadStore(files);
  private final ResumableUploadHandler handler =
      new ResumableUploadHandler(
          new ResumableUploadService(
              store,
              new ResumableUploadLimits(1000, 2, 10_000, Duration.ofHours(24)),
              UploadArea.at(SitePath.parse("/downloads/"))),
          MemoryBudget.unbounded());

  private static HttpRequest request(String method, String target, HttpFields fields, byte[] body) {
    fields.add("Host", "test");
    BodyFraming framing =
        body == null ? new BodyFraming.None() : new BodyFraming.Fixed(body.length);
    InputStream in = body == null ? InputStream.nullInputStream() : new ByteArrayInputStream(body);
    try {
      return new HttpRequest(
          new RequestHead(method, target, HttpVersion.HTTP_1_1, fields),
          RequestTargetParser.parse(method, target),
          framing,
          in,
          new InetSocketAddress("192.0.2.9", 40000),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
    } catch (HttpProtocolException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static HttpFields tus(String... nameValues) {
    HttpFields fields = new HttpFields().add("Tus-Resumable", "1.0.0");
    for (int i = 0; i < nameValues.length; i += 2) {
      fields.add(nameValues[i], nameValues[i + 1]);
    }
    return fields;
  }

  private static String header(HttpResponse response, String name) {
    return response.headers().first(name).orElse(null);
  }

  private String create(long length, String fileName) throws IOException {
    HttpResponse created =
        handler.handle(
            request(
                "POST",
                "/files/",
                tus(
                    "Upload-Length",
                    Long.toString(length),
                    "Upload-Metadata",
                    "filename "
                        + Base64.getEncoder()
                            .encodeToString(fileName.getBytes(StandardCharsets.UTF_8))),
                null));
    assertThat(created.status()).isEqualTo(201);
    return header(created, "Location");
  }

  private HttpResponse patch(String location, long offset, byte[] chunk, String... more)
      throws IOException {
    HttpFields fields =
        tus("Content-Type", "application/offset+octet-stream", "Upload-Offset", "" + offset);
    for (int i = 0; i < more.length; i += 2) {
      fields.add(more[i], more[i + 1]);
    }
    return handler.handle(request("PATCH", location, fields, chunk));
  }

  @Test
  void options_advertises_the_version_extensions_largest_size_and_checksums() throws IOException {
    HttpResponse response = handler.handle(request("OPTIONS", "/files/", new HttpFields(), null));

    assertThat(response.status()).isEqualTo(204);
    assertThat(header(response, "Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(header(response, "Tus-Version")).isEqualTo("1.0.0");
    assertThat(header(response, "Tus-Extension"))
        .isEqualTo(
            "creation,creation-with-upload,creation-defer-length,termination,checksum,expiration");
    assertThat(header(response, "Tus-Max-Size")).isEqualTo("1000");
    assertThat(header(response, "Tus-Checksum-Algorithm")).startsWith("sha1");
  }

  @Test
  void a_request_without_tus_1_0_0_is_412_naming_the_version() throws IOException {
    HttpResponse response =
        handler.handle(
            request(
                "POST",
                "/files/",
                new HttpFields().add("Tus-Resumable", "0.2.2").add("Upload-Length", "3"),
                null));

    assertThat(response.status()).isEqualTo(412);
    assertThat(header(response, "Tus-Version")).isEqualTo("1.0.0");
    assertThat(header(response, "Tus-Resumable")).isEqualTo("1.0.0");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void create_append_and_head_report_offsets_expiry_and_the_published_location()
      throws IOException {
    String location = create(6, "report.txt");
    assertThat(location).matches("/files/[0-9a-f]{32}");

    HttpResponse first = patch(location, 0, "abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(first.status()).isEqualTo(204);
    assertThat(header(first, "Upload-Offset")).isEqualTo("3");
    assertThat(header(first, "Upload-Expires")).endsWith(" GMT");
    assertThat(header(first, "Location")).isNull();

    HttpResponse head = handler.handle(request("HEAD", location, tus(), null));
    assertThat(head.status()).isEqualTo(200);
    assertThat(header(head, "Upload-Offset")).isEqualTo("3");
    assertThat(header(head, "Upload-Length")).isEqualTo("6");
    assertThat(header(head, "Cache-Control")).isEqualTo("no-store");
    assertThat(header(head, "Upload-Metadata")).isEqualTo("filename cmVwb3J0LnR4dA==");

    HttpResponse last = patch(location, 3, "def".getBytes(StandardCharsets.US_ASCII));
    assertThat(last.status()).isEqualTo(204);
    assertThat(header(last, "Upload-Offset")).isEqualTo("6");
    assertThat(header(last, "Location")).isEqualTo("/downloads/report.txt");
    assertThat(files.files()).containsKey("report.txt");
  }

  @Test
  void an_offset_that_is_not_the_uploads_is_409_and_keeps_nothing() throws IOException {
    String location = create(6, "a.txt");

    HttpResponse response = patch(location, 2, "xyz".getBytes(StandardCharsets.US_ASCII));

    assertThat(response.status()).isEqualTo(409);
    assertThat(header(handler.handle(request("HEAD", location, tus(), null)), "Upload-Offset"))
        .isEqualTo("0");
  }

  @Test
  void a_chunk_of_another_type_is_415() throws IOException {
    String location = create(3, "a.txt");
    HttpResponse response =
        handler.handle(
            request(
                "PATCH",
                location,
                tus("Content-Type", "application/octet-stream", "Upload-Offset", "0"),
                new byte[] {1, 2, 3}));
    assertThat(response.status()).isEqualTo(415);
  }

  @Test
  void a_missing_or_malformed_offset_is_400() throws IOException {
    String location = create(3, "a.txt");
    HttpResponse missing =
        handler.handle(
            request(
                "PATCH",
                location,
                tus("Content-Type", "application/offset+octet-stream"),
                new byte[] {1}));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(patch(location, 0, new byte[] {1}, "Upload-Checksum", "sha1 !!").status())
        .isEqualTo(400);
  }

  @Test
  void a_checksum_mismatch_is_460_and_a_matching_one_is_kept() throws IOException {
    String location = create(3, "a.txt");
    byte[] chunk = {1, 2, 3};
    String wrong = Base64.getEncoder().encodeToString(sha1(new byte[] {9}));
    assertThat(patch(location, 0, chunk, "Upload-Checksum", "sha1 " + wrong).status())
        .isEqualTo(460);

    String right = Base64.getEncoder().encodeToString(sha1(chunk));
    HttpResponse kept = patch(location, 0, chunk, "Upload-Checksum", "sha1 " + right);
    assertThat(kept.status()).isEqualTo(204);
    assertThat(header(kept, "Upload-Offset")).isEqualTo("3");
  }

  @Test
  void unknown_and_made_up_ids_are_404_and_termination_makes_an_upload_unknown()
      throws IOException {
    assertThat(
            handler
                .handle(request("HEAD", "/files/0123456789abcdef0123456789abcdef", tus(), null))
                .status())
        .isEqualTo(404);
    assertThat(handler.handle(request("HEAD", "/files/../etc", tus(), null)).status())
        .isEqualTo(404);
    assertThat(handler.handle(request("HEAD", "/files/NOT-AN-ID", tus(), null)).status())
        .isEqualTo(404);

    String location = create(3, "a.txt");
    assertThat(handler.handle(request("DELETE", location, tus(), null)).status()).isEqualTo(204);
    assertThat(handler.handle(request("HEAD", location, tus(), null)).status()).isEqualTo(404);
  }

  @Test
  void creation_refuses_a_length_above_the_largest_and_a_missing_length() throws IOException {
    assertThat(
            handler.handle(request("POST", "/files/", tus("Upload-Length", "1001"), null)).status())
        .isEqualTo(413);
    assertThat(handler.handle(request("POST", "/files/", tus(), null)).status()).isEqualTo(400);
    assertThat(store.list()).isEmpty();
  }

  @Test
  void too_many_unfinished_uploads_is_503_with_retry_after() throws IOException {
    create(5, "a");
    create(5, "b");
    HttpResponse third =
        handler.handle(request("POST", "/files/", tus("Upload-Length", "5"), null));
    assertThat(third.status()).isEqualTo(503);
    assertThat(header(third, "Retry-After")).isEqualTo("60");
  }

  @Test
  void creation_with_upload_appends_the_body_and_a_deferred_length_is_declared_later()
      throws IOException {
    HttpResponse created =
        handler.handle(
            request(
                "POST",
                "/files/",
                tus("Upload-Defer-Length", "1", "Content-Type", "application/offset+octet-stream"),
                "hello".getBytes(StandardCharsets.US_ASCII)));
    assertThat(created.status()).isEqualTo(201);
    assertThat(header(created, "Upload-Offset")).isEqualTo("5");
    String location = header(created, "Location");
    assertThat(location).startsWith("/files/");

    HttpResponse head = handler.handle(request("HEAD", location, tus(), null));
    assertThat(header(head, "Upload-Defer-Length")).isEqualTo("1");

    HttpResponse last =
        patch(location, 5, "!".getBytes(StandardCharsets.US_ASCII), "Upload-Length", "6");
    assertThat(last.status()).isEqualTo(204);
    assertThat(header(last, "Location")).startsWith("/downloads/");
  }

  @Test
  void a_post_may_stand_for_patch_and_delete() throws IOException {
    String location = create(1, "a.txt");
    HttpResponse patched =
        handler.handle(
            request(
                "POST",
                location,
                tus(
                    "X-HTTP-Method-Override",
                    "PATCH",
                    "Content-Type",
                    "application/offset+octet-stream",
                    "Upload-Offset",
                    "0"),
                new byte[] {7}));
    assertThat(patched.status()).isEqualTo(204);
    assertThat(
            handler
                .handle(request("POST", location, tus("X-HTTP-Method-Override", "DELETE"), null))
                .status())
        .isEqualTo(204);
  }

  @Test
  void other_methods_are_405_with_allow() throws IOException {
    HttpResponse get = handler.handle(request("GET", "/files/", tus(), null));
    assertThat(get.status()).isEqualTo(405);
    assertThat(header(get, "Allow")).isEqualTo("OPTIONS, POST");
  }

  private static byte[] sha1(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
