package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.store.StoreUnavailableException.Reason;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.named.NamedPendingUpload;
import dev.mtserver.storage.s3.testing.S3ProxyServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store down, slow, or wrongly configured: every call ends within its time limit with the
 * domain's exception, never a hang and never an SDK type.
 */
class S3FaultsIT {

  private static final String BUCKET = "faults-bucket";
  private static final S3Location LOCATION = new S3Location(BUCKET, "");
  private static final byte[] BIG = new byte[4 * 1024 * 1024];

  private static S3ProxyServer server;
  private static StallingProxy slow;

  @BeforeAll
  static void startStore() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
    slow = new StallingProxy(server.port());
    new Random(1).nextBytes(BIG);
    try (S3Connection store =
        S3Connection.open(TestStores.config(server.endpoint()), TestStores.TIMER_THREADS)) {
      TestStores.put(store.client(), BUCKET, "page.html", "<p>hi</p>");
      TestStores.put(store.client(), BUCKET, "big.bin", BIG);
    }
  }

  @AfterAll
  static void stopStore() throws Exception {
    slow.close();
    server.close();
  }

  /** Limits short enough to watch: 1 s to connect or between bytes, 2 s per try, 3 s per call. */
  private static S3Config quick(URI endpoint) {
    return TestStores.config(endpoint)
        .withTimeouts(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(3));
  }

  @Test
  void a_store_that_is_down_is_unreachable_at_once_and_serves_again_when_it_is_back()
      throws Exception {
    try (S3Connection store =
        S3Connection.open(quick(server.endpoint()), TestStores.TIMER_THREADS)) {
      S3Site site = new S3Site(store, LOCATION, Duration.ZERO, 0);
      S3UploadStore uploads = S3UploadStore.open(store, LOCATION, UploadSettings.defaults());
      assertThat(site.find(SitePath.parse("/page.html"))).isPresent();
      PendingUpload upload = uploads.begin("during-outage.txt");
      upload.write(new byte[100], 0, 100);
      NamedPendingUpload named = uploads.beginNamed("named-during-outage.txt"); // PUT, ADR 0046
      named.write(new byte[100], 0, 100);

      server.stop();
      try {
        assertUnavailable(
            () -> site.find(SitePath.parse("/page.html")),
            Reason.UNREACHABLE,
            Duration.ofSeconds(3));
        assertUnavailable(upload::commit, Reason.UNREACHABLE, Duration.ofSeconds(3));
        assertUnavailable(named::commitNew, Reason.UNREACHABLE, Duration.ofSeconds(3));
        assertUnavailable(
            () -> uploads.entityTag("page.html"), Reason.UNREACHABLE, Duration.ofSeconds(3));
        assertUnavailable(
            () -> uploads.delete("page.html", Optional.empty()),
            Reason.UNREACHABLE,
            Duration.ofSeconds(3));
        assertUnavailable(() -> store.probe(LOCATION), Reason.UNREACHABLE, Duration.ofSeconds(3));
        assertThat(((S3PendingUpload) upload).state()).isEqualTo(S3PendingUpload.State.ABORTED);
      } finally {
        server.restart();
      }

      assertThat(site.find(SitePath.parse("/page.html"))).isPresent();
      store.probe(LOCATION);
      assertThat(TestStores.exists(store.client(), BUCKET, "during-outage.txt")).isFalse();
      assertThat(TestStores.exists(store.client(), BUCKET, "named-during-outage.txt")).isFalse();
      assertThat(TestStores.exists(store.client(), BUCKET, "page.html")).isTrue();
    }
  }

  @Test
  void a_silent_store_times_out_within_the_call_limit() throws Exception {
    try (S3Connection store =
        S3Connection.open(quick(slow.endpoint()).withMaxAttempts(1), TestStores.TIMER_THREADS)) {
      S3Site site = new S3Site(store, LOCATION, Duration.ZERO, 0);
      assertThat(site.find(SitePath.parse("/page.html"))).isPresent();

      slow.stall(true);
      try {
        assertUnavailable(
            () -> site.find(SitePath.parse("/page.html")), Reason.TIMED_OUT, Duration.ofSeconds(4));
        assertUnavailable(() -> store.probe(LOCATION), Reason.TIMED_OUT, Duration.ofSeconds(4));
      } finally {
        slow.stall(false);
      }
    }
  }

  @Test
  void a_store_that_goes_silent_in_the_middle_of_a_body_times_out_the_read() throws Exception {
    try (S3Connection store =
        S3Connection.open(quick(slow.endpoint()).withMaxAttempts(1), TestStores.TIMER_THREADS)) {
      S3Site site = new S3Site(store, LOCATION, Duration.ZERO, 0);
      Resource big =
          ((SiteEntry.File) site.find(SitePath.parse("/big.bin")).orElseThrow()).resource();
      slow.stallAfter(256 * 1024); // the head and the first 256 KiB of the body, then silence
      try (OpenContent content = big.source().open()) {
        long read = content.transferTo(0, 1000, new Discard());
        assertThat(read).isPositive();

        try {
          assertUnavailable(
              () -> {
                for (long position = read; position < BIG.length; ) {
                  long sent = content.transferTo(position, 256 * 1024, new Discard());
                  assertThat(sent).as("bytes sent at %d", position).isPositive();
                  position += sent;
                }
              },
              Reason.TIMED_OUT,
              Duration.ofSeconds(4));
        } finally {
          slow.stall(false);
        }
      }
    }
  }

  @Test
  void the_start_up_check_names_the_endpoint_and_the_bucket_and_says_why() throws Exception {
    try (S3Connection store =
        S3Connection.open(quick(server.endpoint()), TestStores.TIMER_THREADS)) {
      store.requireBucket(LOCATION);
      assertThatThrownBy(() -> store.requireBucket(new S3Location("no-such-bucket", "")))
          .isInstanceOf(S3StartupException.class)
          .hasMessage(
              "object store "
                  + server.endpoint()
                  + " (us-east-1), bucket 'no-such-bucket': "
                  + "the bucket does not exist");
    }
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
    try (S3Connection store =
        S3Connection.open(quick(nowhere).withMaxAttempts(1), TestStores.TIMER_THREADS)) {
      assertThatThrownBy(() -> store.requireBucket(LOCATION))
          .isInstanceOf(S3StartupException.class)
          .hasMessageStartingWith(
              "object store " + nowhere + " (us-east-1), bucket 'faults-bucket': unreachable: ")
          .message()
          .doesNotContain("\n");
    }
    S3Config wrongKey =
        quick(server.endpoint()).withCredentials(new S3Config.AccessKey("intruder", "guess"));
    try (S3Connection store = S3Connection.open(wrongKey, TestStores.TIMER_THREADS)) {
      assertThatThrownBy(() -> store.requireBucket(LOCATION))
          .isInstanceOf(S3StartupException.class)
          .hasMessageContaining("bucket 'faults-bucket': access refused")
          .message()
          .doesNotContain("guess");
    }
  }

  private static void assertUnavailable(ThrowingCallable call, Reason reason, Duration within) {
    long start = System.nanoTime();
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StoreUnavailableException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining("object store");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(within);
  }

  /** A channel that drops what it is given. */
  private static final class Discard implements WritableByteChannel {
    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      src.position(src.limit());
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
