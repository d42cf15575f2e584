package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.named.DeleteOutcome;
import dev.mtserver.domain.upload.named.NameTakenException;
import dev.mtserver.domain.upload.named.NamedFileService;
import dev.mtserver.domain.upload.named.NamedPendingUpload;
import dev.mtserver.domain.upload.named.PutCommand;
import dev.mtserver.domain.upload.named.PutDecision;
import dev.mtserver.domain.upload.named.PutResult;
import dev.mtserver.domain.upload.named.TagCondition;
import dev.mtserver.domain.upload.named.WriteCondition;
import dev.mtserver.storage.s3.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code PUT} and {@code DELETE} of {@code /downloads/NAME} on the object store (ADR 0046), through
 * the domain's {@link NamedFileService} as the HTTP handlers call it, against a real S3 server
 * (S3Proxy, in-process), which ignores {@code If-None-Match} and {@code If-Match} on writes: the
 * store's own checks are what hold here.
 */
class NamedFilesInBucketIT {

  private static final String BUCKET = "named-bucket";
  private static final int PART = UploadSettings.MIN_PART_SIZE;
  private static final UploadSettings SETTINGS =
      UploadSettings.defaults().withMemory(PART, 8L * PART, Duration.ofSeconds(10));

  private static S3ProxyServer server;
  private static S3Connection store;
  private static S3Client s3;
  private static int areas;

  private S3Location site;
  private S3UploadStore uploads;
  private NamedFileService files;

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

  /** A site of its own for each test, its uploads at /downloads/, changes guarded (auth file). */
  private void freshSite() throws IOException {
    areas++;
    site = new S3Location(BUCKET, "site" + areas + "/");
    uploads =
        S3UploadStore.open(
            store, new S3Location(BUCKET, site.prefix() + "downloads/"), site, SETTINGS);
    files = new NamedFileService(uploads, true);
  }

  @Test
  void a_new_name_is_stored_exactly_under_it_with_the_tag_the_site_serves() throws IOException {
    freshSite();
    byte[] small = bytes(1000, 1);
    byte[] multipart = bytes(2 * PART + 123, 2);

    PutResult one = put("report.txt", small, WriteCondition.NONE);
    PutResult two = put("big.bin", multipart, WriteCondition.NONE);

    assertThat(one.replaced()).isFalse();
    assertThat(one.file().name()).isEqualTo("report.txt");
    assertThat(one.location()).contains(SitePath.parse("/downloads/report.txt"));
    assertThat(TestStores.get(s3, BUCKET, site.prefix() + "downloads/report.txt")).isEqualTo(small);
    assertThat(TestStores.get(s3, BUCKET, site.prefix() + "downloads/big.bin"))
        .isEqualTo(multipart);
    assertThat(one.file().entityTag()).isEqualTo(servedTag("report.txt"));
    assertThat(two.file().entityTag()).isEqualTo(servedTag("big.bin"));
    assertThat(uploads.entityTag("big.bin")).contains(servedTag("big.bin"));
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void a_taken_name_is_a_conflict_and_never_replaced() throws IOException {
    freshSite();
    byte[] first = bytes(500, 3);
    put("taken.txt", first, WriteCondition.NONE);

    assertThat(files.admitPut(command("taken.txt", WriteCondition.NONE)))
        .isEqualTo(new PutDecision.Conflict("taken.txt"));
    // the name taken between admission and commit (another instance's PUT): still no overwrite
    for (int size : new int[] {10, 2 * PART + 1}) {
      NamedPendingUpload late = uploads.beginNamed("taken.txt");
      byte[] body = bytes(size, 4);
      late.write(body, 0, body.length);
      assertThatThrownBy(late::commitNew).isInstanceOf(NameTakenException.class);
    }

    assertThat(TestStores.get(s3, BUCKET, site.prefix() + "downloads/taken.txt")).isEqualTo(first);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void a_replacement_needs_the_current_tag_and_a_stale_one_is_refused() throws IOException {
    freshSite();
    EntityTag v1 = put("notes.txt", bytes(700, 5), WriteCondition.NONE).file().entityTag();
    byte[] second = bytes(800, 6);
    byte[] third = bytes(2 * PART + 9, 7);

    PutResult replaced = put("notes.txt", second, ifMatch(servedTag("notes.txt")));
    EntityTag v2 = replaced.file().entityTag();

    assertThat(replaced.replaced()).isTrue();
    assertThat(v2).isNotEqualTo(v1).isEqualTo(servedTag("notes.txt"));
    assertThat(TestStores.get(s3, BUCKET, site.prefix() + "downloads/notes.txt")).isEqualTo(second);
    assertThat(files.admitPut(command("notes.txt", ifMatch(v1))))
        .as("a stale tag")
        .isEqualTo(new PutDecision.PreconditionFailed("notes.txt"));
    // admitted with v2, but another replacement lands before this one completes: refused
    PutDecision.Accepted accepted =
        (PutDecision.Accepted) files.admitPut(command("notes.txt", ifMatch(v2)));
    EntityTag v3 = put("notes.txt", third, ifMatch(v2)).file().entityTag();
    assertThatThrownBy(() -> files.put(accepted, new ByteArrayInputStream(bytes(900, 8))))
        .isInstanceOf(dev.mtserver.domain.upload.named.FileChangedException.class);

    assertThat(TestStores.get(s3, BUCKET, site.prefix() + "downloads/notes.txt")).isEqualTo(third);
    assertThat(servedTag("notes.txt")).isEqualTo(v3);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void delete_removes_a_file_404_when_absent_412_on_a_stale_tag() throws IOException {
    freshSite();
    EntityTag v1 = put("old.txt", bytes(100, 9), WriteCondition.NONE).file().entityTag();
    EntityTag v2 = put("old.txt", bytes(101, 10), ifMatch(v1)).file().entityTag();

    assertThat(files.delete(path("old.txt"), ifMatch(v1)))
        .isEqualTo(new DeleteOutcome.PreconditionFailed());
    assertThat(TestStores.exists(s3, BUCKET, site.prefix() + "downloads/old.txt")).isTrue();
    assertThat(files.delete(path("old.txt"), ifMatch(v2))).isEqualTo(new DeleteOutcome.Deleted());
    assertThat(TestStores.exists(s3, BUCKET, site.prefix() + "downloads/old.txt")).isFalse();
    assertThat(files.delete(path("old.txt"), WriteCondition.NONE))
        .isEqualTo(new DeleteOutcome.NotFound());
    assertThat(files.delete(path("never.txt"), ifMatch(v2)))
        .isEqualTo(new DeleteOutcome.NotFound());

    put("plain.txt", bytes(3, 11), WriteCondition.NONE);
    assertThat(files.delete(path("plain.txt"), WriteCondition.NONE))
        .isEqualTo(new DeleteOutcome.Deleted());
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void delete_never_reaches_a_claim_or_an_unfinished_upload() throws IOException {
    freshSite();
    NamedPendingUpload inFlight = uploads.beginNamed("busy.bin");
    byte[] body = bytes(PART + 1, 12); // a multipart upload holds its name from its first part
    inFlight.write(body, 0, body.length);
    String claimFolder = site.prefix() + "downloads/" + NameClaims.FOLDER;
    assertThat(keysUnder(claimFolder)).hasSize(1);

    assertThat(files.delete(path(".mtserver-claims"), WriteCondition.NONE))
        .isEqualTo(new DeleteOutcome.NotFound());
    assertThat(files.delete(path("busy.bin"), WriteCondition.NONE))
        .isEqualTo(new DeleteOutcome.NotFound());
    assertThatThrownBy(() -> uploads.delete(".mtserver-claims", Optional.empty()))
        .isInstanceOf(dev.mtserver.domain.upload.named.NoSuchStoredFileException.class);

    assertThat(keysUnder(claimFolder)).hasSize(1);
    inFlight.commitNew();
    assertThat(TestStores.get(s3, BUCKET, site.prefix() + "downloads/busy.bin")).isEqualTo(body);
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void two_puts_of_one_new_name_at_once_store_one_and_refuse_the_other() throws Exception {
    freshSite();
    int uploaders = 4;
    ExecutorService pool = Executors.newFixedThreadPool(uploaders);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < uploaders; i++) {
        byte[] body = bytes(2000 + i, 20 + i);
        Callable<String> upload =
            () -> {
              start.await();
              NamedPendingUpload pending = uploads.beginNamed("race.txt");
              pending.write(body, 0, body.length);
              try {
                pending.commitNew();
                return "stored " + body.length;
              } catch (NameTakenException e) {
                return "taken";
              }
            };
        outcomes.add(pool.submit(upload));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        results.add(outcome.get());
      }
      List<String> stored = results.stream().filter(r -> r.startsWith("stored")).toList();
      assertThat(stored).as("at most one wins: %s", results).hasSizeLessThanOrEqualTo(1);
      if (stored.size() == 1) {
        int length = Integer.parseInt(stored.get(0).substring("stored ".length()));
        assertThat(TestStores.get(s3, BUCKET, site.prefix() + "downloads/race.txt"))
            .isEqualTo(bytes(length, 20 + length - 2000));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(leftovers()).isEmpty();
  }

  private PutResult put(String name, byte[] body, WriteCondition condition) throws IOException {
    PutDecision decision = files.admitPut(command(name, condition));
    assertThat(decision).isInstanceOf(PutDecision.Accepted.class);
    return files.put((PutDecision.Accepted) decision, new ByteArrayInputStream(body));
  }

  private static PutCommand command(String name, WriteCondition condition) {
    return new PutCommand(path(name), OptionalLong.empty(), condition);
  }

  private static SitePath path(String name) {
    return SitePath.parse("/downloads/" + name);
  }

  private static WriteCondition ifMatch(EntityTag tag) {
    return new WriteCondition(Optional.of(TagCondition.of(List.of(tag))), Optional.empty());
  }

  /** The tag a GET of /downloads/NAME serves: the content side's, asked of the store now. */
  private EntityTag servedTag(String name) throws IOException {
    S3Site content = new S3Site(store, site, Duration.ZERO, 10);
    SiteEntry entry = content.find(path(name)).orElseThrow();
    return ((SiteEntry.File) entry).resource().validator().entityTag();
  }

  /** Claims and unfinished multipart uploads left below the site. */
  private List<String> leftovers() {
    List<String> left =
        new ArrayList<>(keysUnder(site.prefix() + "downloads/" + NameClaims.FOLDER));
    s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix(site.prefix()))
        .uploads()
        .forEach(u -> left.add("upload " + u.key()));
    return left;
  }

  private static List<String> keysUnder(String prefix) {
    return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  private static byte[] bytes(int length, int seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
