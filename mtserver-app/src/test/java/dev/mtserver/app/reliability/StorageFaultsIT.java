package dev.mtserver.app.reliability;

import static dev.mtserver.app.reliability.FaultyStorage.ContentFault;
import static dev.mtserver.app.reliability.FaultyStorage.LogFault;
import static dev.mtserver.app.reliability.FaultyStorage.UploadFault;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server on a disk that fails on cue ({@link FaultyStorage}): a full disk is 507, a broken
 * one 500 with nothing of the error shown, a half-written upload never becomes visible under its
 * name (nor stays as a temporary file), a failed append records nothing, a slow disk slows only its
 * own request and is never blamed on the client, and after every fault the server goes on serving.
 */
class StorageFaultsIT {

  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @TempDir static Path dir;
  static final FaultyStorage disk = new FaultyStorage();
  static MtServer server;
  static Path uploads;
  static Path log;
  static byte[] bigFile;

  @BeforeAll
  static void start() throws IOException {
    Path root = dir.resolve("public");
    ServerSettings settings =
        ServerSettings.forRoot(root, dir.resolve("data")).toBuilder()
            .transport(
                t ->
                    t.backlog(64)
                        .headerTimeout(Duration.ofSeconds(2))
                        .bodyTimeout(BODY_TIMEOUT)
                        .idleTimeout(Duration.ofSeconds(2))
                        .writeTimeout(Duration.ofSeconds(2))
                        .shutdownGrace(Duration.ofSeconds(2)))
            .build();
    server = MtServer.start(settings, disk);
    uploads = root.resolve("downloads");
    log = dir.resolve("data").resolve(MtServer.SUBMISSIONS_FILE);
    bigFile = Forms.randomBytes(1 << 20, 11);
    Files.write(root.resolve("faulty-big.bin"), bigFile);
    Files.writeString(root.resolve("faulty-page.html"), "<p>a page on a bad sector</p>");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** After every fault: healed, the server serves, and no connection is left hanging. */
  @AfterEach
  void the_server_keeps_serving() throws Exception {
    disk.heal();
    assertThat(get("/index.html").status()).isEqualTo(200);
    assertThat(Eventually.within(PATIENCE, () -> server.stats().activeConnections() == 0)).isTrue();
  }

  // ---------------------------------------------------------------- uploads

  @Test
  void
      an_upload_that_fills_the_disk_halfway_is_507_and_leaves_no_file_then_succeeds_once_there_is_room()
          throws Exception {
    disk.uploadFault = UploadFault.FULL_MID_WRITE;
    byte[] content = Forms.randomBytes(1 << 20, 1);

    RawHttpClient.Response refused = upload("full.bin", content);

    assertThat(refused.status()).isEqualTo(507);
    assertThat(refused.header("Connection")).contains("close");
    assertNothingStored();

    disk.heal();
    RawHttpClient.Response stored = upload("full.bin", content);

    assertThat(stored.status()).isEqualTo(201);
    assertThat(Forms.sha256(Files.readAllBytes(uploads.resolve("full.bin"))))
        .isEqualTo(Forms.sha256(content));
    Files.delete(uploads.resolve("full.bin"));
  }

  @Test
  void an_upload_that_meets_an_io_error_halfway_is_500_without_details_and_leaves_no_file()
      throws Exception {
    disk.uploadFault = UploadFault.BROKEN_MID_WRITE;

    RawHttpClient.Response failed = upload("broken.bin", Forms.randomBytes(1 << 20, 2));

    assertThat(failed.status()).isEqualTo(500);
    assertRevealsNothing(failed);
    assertNothingStored();
  }

  @Test
  void an_upload_whose_fsync_fails_is_500_and_leaves_no_file() throws Exception {
    disk.uploadFault = UploadFault.FSYNC_FAILS;

    RawHttpClient.Response failed = upload("unsynced.bin", Forms.randomBytes(300_000, 3));

    assertThat(failed.status()).isEqualTo(500);
    assertRevealsNothing(failed);
    assertNothingStored();
  }

  /**
   * The body timeout measures the client's pauses, not the disk's: an upload that spends longer
   * than the timeout waiting on its own writes is stored, while other clients are served.
   */
  @Test
  void a_slow_disk_delays_only_its_own_upload_and_its_slowness_is_never_blamed_on_the_client()
      throws Exception {
    disk.uploadFault = UploadFault.SLOW;
    disk.slowness = Duration.ofMillis(150);
    byte[] content = Forms.randomBytes(1 << 20, 4);

    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      CompletableFuture<RawHttpClient.Response> slowUpload =
          CompletableFuture.supplyAsync(() -> uncheckedUpload("slow.bin", content), pool);
      assertThat(Eventually.within(PATIENCE, () -> !temporaryFiles().isEmpty())).isTrue();

      for (int i = 0; i < 5; i++) {
        assertThat(get("/index.html").status()).isEqualTo(200);
      }
      assertThat(slowUpload).as("the other clients did not wait for the slow upload").isNotDone();

      RawHttpClient.Response stored = slowUpload.get(30, TimeUnit.SECONDS);
      assertThat(stored.status()).isEqualTo(201);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(BODY_TIMEOUT);
    }
    assertThat(Forms.sha256(Files.readAllBytes(uploads.resolve("slow.bin"))))
        .isEqualTo(Forms.sha256(content));
    Files.delete(uploads.resolve("slow.bin"));
  }

  // ---------------------------------------------------------------- form submissions

  @Test
  void a_form_post_whose_append_fails_is_500_without_details_and_records_nothing()
      throws Exception {
    List<String> before = Files.readAllLines(log);
    disk.logFault = LogFault.BROKEN;

    RawHttpClient.Response failed = postForm("name=broken");

    assertThat(failed.status()).isEqualTo(500);
    assertRevealsNothing(failed);
    assertThat(Files.readAllLines(log)).isEqualTo(before);
  }

  @Test
  void a_form_post_on_a_full_disk_is_507_and_records_nothing_then_is_recorded_once_there_is_room()
      throws Exception {
    List<String> before = Files.readAllLines(log);
    disk.logFault = LogFault.FULL;

    assertThat(postForm("name=full").status()).isEqualTo(507);
    assertThat(Files.readAllLines(log)).isEqualTo(before);

    disk.heal();
    assertThat(postForm("name=room").status()).isEqualTo(200);
    assertThat(Files.readAllLines(log))
        .hasSize(before.size() + 1)
        .last()
        .asString()
        .contains("\"room\"");
  }

  @Test
  void a_slow_submission_log_delays_only_its_own_post_and_is_not_a_timeout() throws Exception {
    disk.logFault = LogFault.SLOW;
    disk.slowness = BODY_TIMEOUT.multipliedBy(2);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<RawHttpClient.Response> slowPost =
          CompletableFuture.supplyAsync(() -> uncheckedPostForm("name=slow"), pool);
      Thread.sleep(200);

      assertThat(get("/index.html").status()).isEqualTo(200);
      assertThat(slowPost).isNotDone();
      assertThat(slowPost.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
    }
    assertThat(Files.readAllLines(log)).last().asString().contains("\"slow\"");
  }

  // ---------------------------------------------------------------- static files

  @Test
  void a_file_that_cannot_be_looked_up_or_opened_is_500_without_details() throws Exception {
    disk.contentFault = ContentFault.LOOKUP_FAILS;
    RawHttpClient.Response lookup = get("/faulty-page.html");
    disk.contentFault = ContentFault.OPEN_FAILS;
    RawHttpClient.Response open = get("/faulty-page.html");
    RawHttpClient.Response big = get("/faulty-big.bin");

    for (RawHttpClient.Response failed : List.of(lookup, open, big)) {
      assertThat(failed.status()).isEqualTo(500);
      assertRevealsNothing(failed);
    }
  }

  @Test
  void a_small_file_whose_read_breaks_is_500_before_anything_is_sent() throws Exception {
    disk.contentFault = ContentFault.READ_BREAKS_MIDWAY;

    RawHttpClient.Response failed = get("/faulty-page.html");

    assertThat(failed.status()).isEqualTo(500);
    assertRevealsNothing(failed);
  }

  @Test
  void a_large_file_whose_read_breaks_halfway_is_cut_short_and_the_connection_closed()
      throws Exception {
    disk.contentFault = ContentFault.READ_BREAKS_MIDWAY;
    try (RawHttpClient client = RawHttpClient.connect(server.address(), PATIENCE)) {
      RawHttpClient.Response cut =
          client.send(RawHttpClient.get("/faulty-big.bin")).readPossiblyCutResponse();

      assertThat(cut.status()).isEqualTo(200); // already on its way when the disk failed
      assertThat(cut.complete()).isFalse();
      assertThat(cut.body()).hasSizeLessThan(bigFile.length);
      assertThat(client.closedByServer()).isTrue();
    }
    disk.heal();
    RawHttpClient.Response whole = get("/faulty-big.bin");
    assertThat(Forms.sha256(whole.body())).isEqualTo(Forms.sha256(bigFile));
  }

  // ---------------------------------------------------------------- helpers

  private static RawHttpClient.Response get(String path) throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address(), PATIENCE)) {
      return client.send(RawHttpClient.get(path)).readPossiblyCutResponse();
    }
  }

  private static RawHttpClient.Response upload(String fileName, byte[] content) throws IOException {
    byte[] body = Forms.upload("fault-test", fileName, content);
    try (RawHttpClient client = RawHttpClient.connect(server.address(), Duration.ofSeconds(30))) {
      client.send(Forms.post("/upload", Forms.MULTIPART, body.length, "Accept: application/json"));
      try {
        client.send(body);
      } catch (IOException answeredEarly) {
        // the server may answer and close before it has read everything
      }
      return client.readPossiblyCutResponse();
    }
  }

  private static RawHttpClient.Response uncheckedUpload(String fileName, byte[] content) {
    try {
      return upload(fileName, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static RawHttpClient.Response postForm(String fields) throws IOException {
    byte[] body = fields.getBytes(UTF_8);
    try (RawHttpClient client = RawHttpClient.connect(server.address(), Duration.ofSeconds(30))) {
      return client
          .send(Forms.post("/form.html", Forms.URLENCODED, body.length))
          .send(body)
          .readPossiblyCutResponse();
    }
  }

  private static RawHttpClient.Response uncheckedPostForm(String fields) {
    try {
      return postForm(fields);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The client learns that it failed, never why: no message, path or stack trace. */
  private static void assertRevealsNothing(RawHttpClient.Response response) {
    assertThat(response.bodyText())
        .doesNotContain(FaultyStorage.SECRET, "Input/output", "Exception", "java.", "at dev.");
    assertThat(response.body()).hasSizeLessThan(200);
  }

  /** Neither a file under its final name nor a temporary file is left in the uploads directory. */
  private static void assertNothingStored() throws Exception {
    assertThat(Eventually.within(PATIENCE, () -> names(uploads).isEmpty()))
        .as("uploads directory: %s", names(uploads))
        .isTrue();
  }

  private static List<String> temporaryFiles() {
    return names(uploads).stream().filter(name -> name.startsWith(".")).toList();
  }

  private static List<String> names(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
