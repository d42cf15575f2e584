package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadBatch;
import dev.mtserver.domain.upload.UploadService;
import dev.mtserver.storage.s3.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Uploads into a bucket prefix of a real S3 server (S3Proxy, in-process), which ignores
 * If-None-Match.
 */
class S3UploadStoreIT {

  private static final String BUCKET = "upload-bucket";
  private static final int PART = UploadSettings.MIN_PART_SIZE;
  private static final UploadSettings SETTINGS =
      UploadSettings.defaults().withMemory(PART, 8L * PART, Duration.ofSeconds(10));

  private static S3ProxyServer server;
  private static S3Connection store;
  private static S3Client s3;
  private static int areas;

  @BeforeAll
  static void startStore() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
    store = S3Connection.open(TestStores.config(server.endpoint()), TestStores.TIMER_THREADS);
    s3 = store.client();
  }

  @AfterAll
  static void stopStore() throws Exception {
    store.close();
    server.close();
  }

  /** Each test its own prefix, so their objects never meet. */
  private static S3Location freshArea() {
    areas++;
    return new S3Location(BUCKET, "area" + areas + "/downloads/");
  }

  @Test
  void small_and_multipart_files_are_stored_byte_exact_under_their_names() throws IOException {
    S3Location area = freshArea();
    S3UploadStore uploads = S3UploadStore.open(store, area, SETTINGS);
    byte[] small = bytes(1000, 1);
    byte[] exactlyOnePart = bytes(PART, 2);
    byte[] threeParts = bytes(2 * PART + 12_345, 3);
    byte[] empty = new byte[0];

    assertThat(store(uploads, "small.txt", small)).isEqualTo(new StoredFile("small.txt", 1000));
    assertThat(store(uploads, "one.bin", exactlyOnePart).name()).isEqualTo("one.bin");
    assertThat(store(uploads, "three.bin", threeParts).name()).isEqualTo("three.bin");
    assertThat(store(uploads, "empty", empty).name()).isEqualTo("empty");

    assertThat(TestStores.get(s3, BUCKET, area.prefix() + "small.txt")).isEqualTo(small);
    assertThat(TestStores.get(s3, BUCKET, area.prefix() + "one.bin")).isEqualTo(exactlyOnePart);
    assertThat(TestStores.get(s3, BUCKET, area.prefix() + "three.bin")).isEqualTo(threeParts);
    assertThat(TestStores.get(s3, BUCKET, area.prefix() + "empty")).isEmpty();
    assertThat(leftovers(area)).isEmpty();
    assertThat(uploads.freeMemoryChunks())
        .as("every chunk given back")
        .isEqualTo(8 * PART / UploadMemory.CHUNK_BYTES);
  }

  @Test
  void nothing_is_visible_under_the_name_until_commit() throws IOException {
    S3Location area = freshArea();
    S3UploadStore uploads = S3UploadStore.open(store, area, SETTINGS);
    PendingUpload upload = uploads.begin("big.bin");
    byte[] content = bytes(3 * PART, 4);

    upload.write(
        content, 0, 2 * PART + 1); // two parts are already in the store, as a multipart upload
    assertThat(TestStores.exists(s3, BUCKET, area.prefix() + "big.bin")).isFalse();
    assertThat(visibleObjects(area)).isEmpty();
    upload.write(content, 2 * PART + 1, PART - 1);
    ((S3PendingUpload) upload).seal();
    assertThat(TestStores.exists(s3, BUCKET, area.prefix() + "big.bin")).isFalse();

    upload.commit();

    assertThat(TestStores.get(s3, BUCKET, area.prefix() + "big.bin")).isEqualTo(content);
  }

  @Test
  void an_aborted_upload_leaves_nothing_behind() throws IOException {
    S3Location area = freshArea();
    S3UploadStore uploads = S3UploadStore.open(store, area, SETTINGS);
    try (UploadBatch batch = new UploadService(uploads).begin()) {
      batch.add("kept-out.bin", new ByteArrayInputStream(bytes(2 * PART + 7, 5)));
      batch.add("small.txt", new ByteArrayInputStream(bytes(10, 6)));
      // the client goes away: the batch is closed without a commit
    }

    assertThat(visibleObjects(area)).isEmpty();
    assertThat(leftovers(area)).isEmpty();
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix(area.prefix())).uploads())
        .isEmpty();
    assertThat(uploads.freeMemoryChunks()).isEqualTo(8 * PART / UploadMemory.CHUNK_BYTES);
  }

  @Test
  void a_taken_name_is_never_overwritten_the_next_free_number_is_used() throws IOException {
    S3Location area = freshArea();
    S3UploadStore uploads = S3UploadStore.open(store, area, SETTINGS);
    TestStores.put(s3, BUCKET, area.prefix() + "report.pdf", "original");

    StoredFile second = store(uploads, "report.pdf", bytes(100, 7));
    StoredFile third = store(uploads, "report.pdf", bytes(2 * PART, 8));

    assertThat(second.name()).isEqualTo("report (1).pdf");
    assertThat(third.name()).isEqualTo("report (2).pdf");
    assertThat(TestStores.get(s3, BUCKET, area.prefix() + "report.pdf"))
        .asString()
        .isEqualTo("original");
  }

  @Test
  void concurrent_uploads_of_one_name_get_distinct_names_and_keep_their_own_bytes()
      throws Exception {
    S3Location area = freshArea();
    S3UploadStore uploads = S3UploadStore.open(store, area, SETTINGS);
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<StoredFile>> results = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      byte[] content =
          bytes(i % 2 == 0 ? 500 + i : PART + 1000 + i, 100 + i); // small and multipart alike
      contents.add(content);
      Callable<StoredFile> task =
          () -> {
            PendingUpload upload = uploads.begin("same.txt");
            upload.write(content, 0, content.length);
            start.await();
            return upload.commit();
          };
      results.add(pool.submit(task));
    }
    Thread.sleep(300); // let the multipart ones claim their names while the small ones wait
    start.countDown();

    Set<String> names = new HashSet<>();
    for (int i = 0; i < writers; i++) {
      StoredFile stored = results.get(i).get();
      names.add(stored.name());
      assertThat(TestStores.get(s3, BUCKET, area.prefix() + stored.name()))
          .as(stored.name())
          .isEqualTo(contents.get(i));
    }
    pool.shutdown();
    assertThat(names).hasSize(writers);
    assertThat(visibleObjects(area)).hasSize(writers);
    assertThat(leftovers(area)).isEmpty();
  }

  @Test
  void the_sweep_at_start_aborts_stale_multipart_uploads_and_claims_but_not_fresh_ones()
      throws Exception {
    S3Location area = freshArea();
    // as an instance leaves them: a claim, then the multipart upload it holds
    s3.putObject(
        b -> b.bucket(BUCKET).key(area.prefix() + NameClaims.FOLDER + "dead.bin/00aa"),
        RequestBody.empty());
    String staleId =
        s3.createMultipartUpload(b -> b.bucket(BUCKET).key(area.prefix() + "dead.bin")).uploadId();
    Thread.sleep(3_000);
    s3.putObject(
        b -> b.bucket(BUCKET).key(area.prefix() + NameClaims.FOLDER + "alive.bin/00bb"),
        RequestBody.empty());
    String freshId =
        s3.createMultipartUpload(b -> b.bucket(BUCKET).key(area.prefix() + "alive.bin")).uploadId();
    // no claim at all: nobody's upload in flight
    String orphanId =
        s3.createMultipartUpload(b -> b.bucket(BUCKET).key(area.prefix() + "orphan.bin"))
            .uploadId();

    S3UploadStore.open(store, area, SETTINGS.withStaleAge(Duration.ofSeconds(2)));

    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix(area.prefix())).uploads())
        .extracting(u -> u.uploadId())
        .containsExactly(freshId)
        .doesNotContain(staleId, orphanId);
    assertThat(leftovers(area))
        .containsExactly(area.prefix() + NameClaims.FOLDER + "alive.bin/00bb");
  }

  @Test
  void when_the_memory_budget_is_spent_a_writer_waits_then_gets_store_unavailable()
      throws IOException {
    S3Location area = freshArea();
    S3UploadStore uploads =
        S3UploadStore.open(
            store, area, UploadSettings.defaults().withMemory(PART, PART, Duration.ofMillis(200)));
    PendingUpload first = uploads.begin("first.bin");
    first.write(bytes(PART, 9), 0, PART); // holds the whole budget: one full part, not yet sent
    PendingUpload second = uploads.begin("second.bin");

    assertThatThrownBy(() -> second.write(new byte[10], 0, 10))
        .isInstanceOfSatisfying(
            StoreUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreUnavailableException.Reason.TIMED_OUT));
    first.commit();

    assertThat(uploads.freeMemoryChunks()).isEqualTo(PART / UploadMemory.CHUNK_BYTES);
    assertThat(store(uploads, "third.bin", bytes(10, 10)).name()).isEqualTo("third.bin");
  }

  private static StoredFile store(S3UploadStore uploads, String name, byte[] content)
      throws IOException {
    PendingUpload upload = uploads.begin(name);
    for (int offset = 0;
        offset < content.length;
        offset += 64 * 1024) { // as the multipart reader hands them over
      upload.write(content, offset, Math.min(64 * 1024, content.length - offset));
    }
    return upload.commit();
  }

  /** Objects a client could be served: not below a hidden folder. */
  private static List<String> visibleObjects(S3Location area) {
    return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(area.prefix())).contents().stream()
        .map(S3Object::key)
        .filter(k -> !k.contains("/."))
        .toList();
  }

  /** The adapter's own hidden objects (name claims). */
  private static List<String> leftovers(S3Location area) {
    return s3
        .listObjectsV2(b -> b.bucket(BUCKET).prefix(area.prefix() + NameClaims.FOLDER))
        .contents()
        .stream()
        .map(S3Object::key)
        .toList();
  }

  private static byte[] bytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
