package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.Directories;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.SharedStorage;
import dev.mtserver.storage.s3.S3Config;
import dev.mtserver.storage.s3.S3Location;
import dev.mtserver.storage.s3.testing.S3ProxyServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Issue 15's mixed layouts over real sockets, with S3Proxy in this JVM (ADR 0042): a site in a
 * bucket with its uploads in a directory here, and a site here with its uploads in a bucket. Either
 * way an upload is stored where its flag says, served byte-exact at {@code /downloads/NAME} with
 * the uploads' protections, listed, and the site's own files are served from theirs.
 */
class MixedLayoutIT {

  private static final String BUCKET = "mixed";

  @TempDir static Path dir;

  private static S3ProxyServer store;
  private static S3Client bucket;
  private static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startStore() throws Exception {
    store = S3ProxyServer.start();
    store.createBucket(BUCKET);
    bucket =
        S3Client.builder()
            .endpointOverride(store.endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .build();
  }

  @AfterAll
  static void stopStore() throws Exception {
    client.close();
    bucket.close();
    store.close();
  }

  @Test
  void a_site_in_the_bucket_serves_uploads_kept_in_a_directory_here() throws Exception {
    put("www/index.html", "<!doctype html><title>bucket site</title>");
    put("www/downloads/in-bucket.txt", "shadowed by the mounted uploads directory");
    Path uploads = dir.resolve("a/uploads");
    SharedStorage shared =
        new SharedStorage(
            Optional.of(S3Location.parse("s3://" + BUCKET + "/www/")),
            Optional.empty(),
            s3(),
            Optional.empty());
    try (MtServer server =
        MtServer.start(
            ServerSettings.builder(
                    new Directories(dir.resolve("a/public"), uploads, dir.resolve("a/data")))
                .shared(shared)
                .build())) {
      assertThat(text(server, "/")).contains("bucket site"); // a file of the site, from the bucket

      byte[] content = bytes(300_000, 1);
      HttpResponse<byte[]> stored = upload(server, "report.bin", content);
      assertThat(stored.statusCode()).isEqualTo(201);
      assertThat(stored.headers().firstValue("Location")).contains("/downloads/report.bin");
      assertThat(Files.readAllBytes(uploads.resolve("report.bin"))).isEqualTo(content);
      assertThat(exists("www/downloads/report.bin")).isFalse();

      assertServedAsUpload(server, "/downloads/report.bin", content);
      assertThat(text(server, "/downloads/")).contains("report.bin").doesNotContain("in-bucket");
      assertThat(get(server, "/downloads/in-bucket.txt").statusCode()).isEqualTo(404);
      assertThat(server.resumableUploads()).isTrue(); // partials and uploads share this disk
    }
  }

  @Test
  void a_site_here_serves_uploads_kept_in_the_bucket() throws Exception {
    Path root = Files.createDirectories(dir.resolve("b/public"));
    Files.writeString(root.resolve("index.html"), "<!doctype html><title>disk site</title>");
    Files.createDirectories(root.resolve("downloads"));
    Files.writeString(root.resolve("downloads/on-disk.txt"), "shadowed by the bucket's uploads");
    SharedStorage shared =
        new SharedStorage(
            Optional.empty(),
            Optional.of(S3Location.parse("s3://" + BUCKET + "/up/")),
            s3(),
            Optional.empty());
    try (MtServer server =
        MtServer.start(
            ServerSettings.builder(Directories.of(root, dir.resolve("b/data")))
                .shared(shared)
                .build())) {
      assertThat(text(server, "/")).contains("disk site"); // a file of the site, from the disk

      byte[] content = bytes(9 * 1024 * 1024 + 17, 2); // more than one part: a multipart upload
      HttpResponse<byte[]> stored = upload(server, "report.bin", content);
      assertThat(stored.statusCode()).isEqualTo(201);
      assertThat(stored.headers().firstValue("Location")).contains("/downloads/report.bin");
      assertThat(bucket.getObjectAsBytes(b -> b.bucket(BUCKET).key("up/report.bin")).asByteArray())
          .isEqualTo(content);
      assertThat(root.resolve("downloads/report.bin")).doesNotExist();

      assertServedAsUpload(server, "/downloads/report.bin", content);
      HttpResponse<byte[]> again = upload(server, "report.bin", bytes(10, 3));
      assertThat(again.statusCode()).isEqualTo(201);
      assertThat(again.headers().firstValue("Location"))
          .isNotEqualTo(Optional.of("/downloads/report.bin"));
      assertThat(text(server, "/downloads/")).contains("report.bin").doesNotContain("on-disk");
      assertThat(get(server, "/downloads/on-disk.txt").statusCode()).isEqualTo(404);
      assertThat(server.resumableUploads()).isFalse(); // partials would stay on this host
    }
  }

  /** Byte-exact, with the uploads' protections (issue 13): served as data, never as a page. */
  private static void assertServedAsUpload(MtServer server, String path, byte[] content)
      throws Exception {
    HttpResponse<byte[]> served = get(server, path);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(content);
    assertThat(served.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(served.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("sandbox");
    assertThat(served.headers().firstValue("Content-Disposition").orElse(""))
        .startsWith("attachment");
  }

  private static S3Config s3() {
    return S3Config.defaults()
        .withEndpoint(store.endpoint())
        .withCredentials(
            new S3Config.AccessKey(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
  }

  private static void put(String key, String content) {
    bucket.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content, UTF_8));
  }

  private static boolean exists(String key) {
    try {
      bucket.headObject(b -> b.bucket(BUCKET).key(key));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static HttpResponse<byte[]> upload(MtServer server, String name, byte[] content)
      throws Exception {
    MultipartBody body = new MultipartBody().file("file", name, content);
    return client.send(
        HttpRequest.newBuilder(server.url().resolve("/upload"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", body.contentType())
            .header("Accept", "application/json")
            .POST(BodyPublishers.ofByteArray(body.close()))
            .build(),
        BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> get(MtServer server, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        BodyHandlers.ofByteArray());
  }

  private static String text(MtServer server, String path) throws Exception {
    HttpResponse<byte[]> response = get(server, path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return new String(response.body(), UTF_8);
  }

  private static byte[] bytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
