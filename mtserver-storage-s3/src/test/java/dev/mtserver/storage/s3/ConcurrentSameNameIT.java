package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.storage.s3.testing.S3ProxyServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Many uploads of one name at the same instant, through two stores (two instances) on one bucket of
 * a real S3 server that ignores {@code If-None-Match}: each ends with a name of its own or the
 * store's "try again later" ({@link StoreUnavailableException}, the HTTP layer's 503), never with
 * another failure (the HTTP layer's 500).
 */
class ConcurrentSameNameIT {

  private static final String BUCKET = "contended";
  private static final int WRITERS = 20;

  private static S3ProxyServer server;
  private static S3Connection instanceA;
  private static S3Connection instanceB;
  private static int areas;

  @BeforeAll
  static void startStore() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
    instanceA = S3Connection.open(TestStores.config(server.endpoint()), TestStores.TIMER_THREADS);
    instanceB = S3Connection.open(TestStores.config(server.endpoint()), TestStores.TIMER_THREADS);
  }

  @AfterAll
  static void stopStore() throws Exception {
    instanceA.close();
    instanceB.close();
    server.close();
  }

  @RepeatedTest(2)
  void twenty_uploads_of_one_name_at_once_get_distinct_names_or_a_retry_never_another_failure()
      throws Exception {
    S3Location area = new S3Location(BUCKET, "round" + ++areas + "/downloads/");
    UploadSettings settings = UploadSettings.defaults().withStaleAge(Duration.ofHours(24));
    List<S3UploadStore> stores =
        List.of(
            S3UploadStore.open(instanceA, area, settings),
            S3UploadStore.open(instanceB, area, settings));
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<StoredFile>> results = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      byte[] content = bytes(100 + i, i);
      contents.add(content);
      S3UploadStore store = stores.get(i % 2);
      results.add(
          pool.submit(
              () -> {
                start.await();
                PendingUpload upload = store.begin("same.txt");
                upload.write(content, 0, content.length);
                return upload.commit();
              }));
    }
    start.countDown();

    Set<String> names = new HashSet<>();
    Map<Integer, String> storedAs = new HashMap<>();
    List<String> unexpected = new ArrayList<>();
    int retryLater = 0;
    for (int i = 0; i < WRITERS; i++) {
      try {
        StoredFile stored = results.get(i).get();
        assertThat(names.add(stored.name())).as("a name given twice: " + stored.name()).isTrue();
        storedAs.put(i, stored.name());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StoreUnavailableException) {
          retryLater++;
        } else {
          unexpected.add(String.valueOf(e.getCause()));
        }
      }
    }
    pool.shutdown();
    assertThat(unexpected).as("failures other than 'try again later'").isEmpty();
    for (Map.Entry<Integer, String> stored : storedAs.entrySet()) { // all done: none overwritten
      assertThat(TestStores.get(instanceA.client(), BUCKET, area.prefix() + stored.getValue()))
          .as(stored.getValue())
          .isEqualTo(contents.get(stored.getKey()));
    }
    assertThat(names.size() + retryLater).isEqualTo(WRITERS);
  }

  private static byte[] bytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
