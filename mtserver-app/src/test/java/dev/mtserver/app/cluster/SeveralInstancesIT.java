package dev.mtserver.app.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RunningJar;
import dev.mtserver.storage.postgres.testing.TemporaryPostgres;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, outcome 3: two MTServer processes (the real jar, twice) on one bucket and one database
 * are one site. What A stores, B serves; what A and B record lands in one table; a name taken at
 * once through both ends as two names; A killed mid-upload leaves nothing half-visible while B
 * keeps serving. The test that kills A runs last.
 */
@ExtendWith(TemporaryPostgres.Shared.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesIT {

  private static final Pattern STORED_URL = Pattern.compile("\"url\":\"(/downloads/[^\"]+)\"");
  private static final String BOUNDARY = "----SeveralInstancesBoundary";

  @TempDir static Path dir;
  static SharedSite site;
  static RunningJar a;
  static RunningJar b;
  static URI urlA;
  static URI urlB;
  static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start(TemporaryPostgres postgres) throws Exception {
    site = SharedSite.create(postgres);
    a = site.startInstance(dir.resolve("a"));
    b = site.startInstance(dir.resolve("b"));
    urlA = SharedSite.awaitUrl(a);
    urlB = SharedSite.awaitUrl(b);
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    try {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
    } finally {
      site.close();
    }
  }

  @Test
  @Order(1)
  void both_serve_the_site_from_the_bucket_and_report_both_stores_healthy() throws Exception {
    for (URI instance : List.of(urlA, urlB)) {
      HttpResponse<String> page = get(instance, "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<h1>one site</h1>");
      HttpResponse<String> health = get(instance, "/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .startsWith("ok\n")
          .contains("object store http://127.0.0.1:")
          .contains(SharedSite.SITE + ": reachable")
          .containsPattern(
              "database postgresql://127\\.0\\.0\\.1:\\d+/test_\\d+ as mtserver_test:"
                  + " reachable");
    }
    assertThat(a.stdout()).anyMatch(line -> line.contains("root     " + SharedSite.SITE));
  }

  @Test
  @Order(2)
  void a_file_uploaded_through_a_is_served_byte_exact_by_b() throws Exception {
    byte[] small = random(300_000, 1);
    byte[] multipart = random(10 * 1024 * 1024 + 12_345, 2); // above one 8 MiB part
    String smallUrl = upload(urlA, "shared-small.bin", small);
    String largeUrl = upload(urlA, "shared-large.bin", multipart);

    HttpResponse<byte[]> fromB =
        client.send(request(urlB, smallUrl).build(), BodyHandlers.ofByteArray());
    assertThat(fromB.statusCode()).isEqualTo(200);
    assertThat(sha256(fromB.body())).isEqualTo(sha256(small));
    HttpResponse<byte[]> largeFromB =
        client.send(request(urlB, largeUrl).build(), BodyHandlers.ofByteArray());
    assertThat(largeFromB.statusCode()).isEqualTo(200);
    assertThat(sha256(largeFromB.body())).isEqualTo(sha256(multipart));
    // the same validator from both: the store's ETag, not a per-host one
    HttpResponse<byte[]> fromA =
        client.send(request(urlA, largeUrl).build(), BodyHandlers.ofByteArray());
    assertThat(fromA.headers().firstValue("ETag"))
        .isEqualTo(largeFromB.headers().firstValue("ETag"));
    // PUT and DELETE are not offered on the object store yet (ADR 0046): 501, nothing changed
    HttpResponse<String> put =
        client.send(
            request(urlA, smallUrl).PUT(BodyPublishers.ofString("replaced?")).build(),
            BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(501);
    assertThat(put.body()).contains("PUT or DELETE");
    HttpResponse<String> delete =
        client.send(request(urlB, smallUrl).DELETE().build(), BodyHandlers.ofString());
    assertThat(delete.statusCode()).isEqualTo(501);
    assertThat(
            sha256(client.send(request(urlB, smallUrl).build(), BodyHandlers.ofByteArray()).body()))
        .isEqualTo(sha256(small));
  }

  @Test
  @Order(3)
  void one_name_uploaded_through_a_and_b_at_once_gives_distinct_names_and_loses_nothing()
      throws Exception {
    int uploads = 6;
    List<byte[]> contents = new ArrayList<>();
    List<CompletableFuture<String>> stored = new ArrayList<>();
    for (int i = 0; i < uploads; i++) {
      byte[] content = ("upload number " + i + " ").repeat(1000).getBytes(UTF_8);
      contents.add(content);
      URI instance = i % 2 == 0 ? urlA : urlB;
      stored.add(
          CompletableFuture.supplyAsync(() -> uploadUnchecked(instance, "same.txt", content)));
    }
    List<String> urls = stored.stream().map(CompletableFuture::join).toList();

    assertThat(urls).doesNotHaveDuplicates().hasSize(uploads);
    for (int i = 0; i < uploads; i++) {
      URI other = i % 2 == 0 ? urlB : urlA; // read back through the instance that did not store it
      HttpResponse<byte[]> back =
          client.send(request(other, urls.get(i)).build(), BodyHandlers.ofByteArray());
      assertThat(back.statusCode()).isEqualTo(200);
      assertThat(back.body()).as(urls.get(i)).isEqualTo(contents.get(i));
    }
  }

  @Test
  @Order(4)
  void twenty_form_posts_spread_over_a_and_b_give_exactly_twenty_rows() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> posts =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    client.sendAsync(
                        request(i % 2 == 0 ? urlA : urlB, "/form.html")
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(BodyPublishers.ofString("n=post-" + i))
                            .build(),
                        BodyHandlers.ofString()))
            .toList();
    for (CompletableFuture<HttpResponse<String>> post : posts) {
      assertThat(post.join().statusCode()).isEqualTo(200);
    }

    assertThat(site.recordedFields("n"))
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 20).mapToObj(i -> "post-" + i).toList());
  }

  @Test
  @Order(5)
  void healthz_says_503_when_the_bucket_is_down_and_liveness_stays_200() throws Exception {
    site.store.stop();
    try {
      long started = System.nanoTime();
      HttpResponse<String> health = get(urlB, "/healthz");
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).startsWith("unavailable\n").contains("database postgresql://");
      assertThat(health.body()).doesNotContain(SharedSite.SITE + ": reachable");
      assertThat(took).isLessThan(Duration.ofSeconds(5)); // bounded (2 s), not the SDK's 60 s
      assertThat(get(urlB, "/healthz?live").statusCode()).isEqualTo(200);
    } finally {
      site.store.restart();
    }
    Eventually.within(
        Duration.ofSeconds(10), () -> assertThat(status(urlB, "/healthz")).isEqualTo(200));
  }

  @Test
  @Order(6)
  void a_killed_in_the_middle_of_an_upload_leaves_nothing_visible_and_b_keeps_serving()
      throws Exception {
    byte[] content = random(24 * 1024 * 1024, 3);
    byte[] body = SharedSite.multipart(BOUNDARY, "killed.bin", content);
    try (Socket socket = new Socket(urlA.getHost(), urlA.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /upload HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\nContent-Type:"
                  + " multipart/form-data; boundary="
                  + BOUNDARY
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(UTF_8));
      out.write(body, 0, body.length / 2); // 12 MiB: the first part is in the store
      out.flush();
      // A claims the name (ADR 0033) when its first 8 MiB part is full, just before it starts the
      // multipart upload: from then on A is in the middle of storing the file.
      try {
        Eventually.within(
            Duration.ofSeconds(30),
            () ->
                assertThat(
                        site.bucket
                            .listObjectsV2(
                                r ->
                                    r.bucket(SharedSite.BUCKET)
                                        .prefix("www/downloads/.mtserver-claims/killed.bin/"))
                            .contents())
                    .isNotEmpty());
      } catch (AssertionError e) {
        throw new AssertionError("A never claimed the name; A's stderr: " + a.stderr(), e);
      }
      Thread.sleep(500); // the first part on its way to the store
      a.kill(); // SIGKILL: no shutdown hook, no abort
      assertThat(a.awaitExit(Duration.ofSeconds(10))).isEqualTo(137);
    }

    assertThat(get(urlB, "/downloads/killed.bin").statusCode()).isEqualTo(404);
    assertThat(
            site.bucket
                .listObjectsV2(r -> r.bucket(SharedSite.BUCKET).prefix("www/downloads/killed"))
                .contents())
        .isEmpty();
    assertThat(get(urlB, "/").statusCode()).isEqualTo(200);
    byte[] after = random(50_000, 4);
    String url = upload(urlB, "after-the-kill.bin", after);
    assertThat(client.send(request(urlB, url).build(), BodyHandlers.ofByteArray()).body())
        .isEqualTo(after);
  }

  private static HttpRequest.Builder request(URI instance, String path) {
    return HttpRequest.newBuilder(instance.resolve(path)).timeout(Duration.ofSeconds(30));
  }

  private static HttpResponse<String> get(URI instance, String path) throws Exception {
    return client.send(request(instance, path).build(), BodyHandlers.ofString());
  }

  private static int status(URI instance, String path) {
    try {
      return get(instance, path).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Uploads one file through {@code instance}; returns the path it is served at. */
  private static String upload(URI instance, String name, byte[] content) throws Exception {
    HttpResponse<String> response =
        client.send(
            request(instance, "/upload")
                .header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(BodyPublishers.ofByteArray(SharedSite.multipart(BOUNDARY, name, content)))
                .build(),
            BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(() -> response.body() + "\nA: " + a.stderr() + "\nB: " + b.stderr())
        .isEqualTo(201);
    Matcher url = STORED_URL.matcher(response.body());
    assertThat(url.find()).as(response.body()).isTrue();
    return url.group(1);
  }

  private static String uploadUnchecked(URI instance, String name, byte[] content) {
    try {
      return upload(instance, name, content);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
