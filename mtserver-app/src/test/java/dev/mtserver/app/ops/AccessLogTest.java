package dev.mtserver.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.engine.CompletedExchange;
import dev.mtserver.http.engine.ExchangeListener;
import dev.mtserver.threads.ThreadSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline behind the access log: queue, writer, file handling; no server. */
class AccessLogTest {

  private static final ThreadSource THREADS = new ThreadSource();

  @TempDir Path dir;

  private static CompletedExchange exchange(int n) {
    return new CompletedExchange(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 1),
        "GET",
        "/" + n,
        HttpVersion.HTTP_1_1,
        200,
        n,
        null,
        null,
        System.currentTimeMillis(),
        0);
  }

  private static List<String> targets(List<String> lines) {
    return lines.stream().map(line -> line.split(" ", -1)[6]).toList();
  }

  @Test
  void off_is_no_access_log_at_all() throws IOException {
    AccessLog off = AccessLog.open(AccessLogTarget.off(), THREADS);

    assertThat(off).as("a null object, never null").isSameAs(AccessLog.OFF);
    assertThat(off.listener()).as("nothing for the engine to tell").isSameAs(ExchangeListener.NONE);
    off.close();
  }

  @Test
  void every_line_is_in_the_file_in_order_once_it_is_closed() throws IOException {
    Path file = dir.resolve("logs/access.log");
    AccessLog log = AccessLog.open(new AccessLogTarget.ToFile(file), THREADS);

    IntStream.range(0, 20_000).forEach(n -> log.completed(exchange(n)));
    log.close();

    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    assertThat(lines).hasSize(20_000);
    assertThat(targets(lines))
        .containsExactlyElementsOf(IntStream.range(0, 20_000).mapToObj(n -> "/" + n).toList());
  }

  @Test
  void an_existing_file_is_appended_to() throws IOException {
    Path file = dir.resolve("access.log");
    Files.writeString(file, "old line\n");

    AccessLog log = AccessLog.open(new AccessLogTarget.ToFile(file), THREADS);
    log.completed(exchange(1));
    log.close();

    assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("old line");
  }

  @Test
  void a_file_that_cannot_be_opened_fails_at_once() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("a-directory"));

    assertThatThrownBy(() -> AccessLog.open(new AccessLogTarget.ToFile(directory), THREADS))
        .isInstanceOf(AccessLog.UnavailableException.class);
  }

  @Test
  void a_stream_gets_nothing_until_its_owner_is_ready_and_everything_after() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CountDownLatch ready = new CountDownLatch(1);
    AccessLog log = AccessLog.open(new AccessLogTarget.ToStream(out, ready), THREADS);

    log.completed(exchange(1));
    log.completed(exchange(2));
    Thread.sleep(200); // the writer thread has had time to write, had it been allowed to
    int beforeReady = out.size();
    out.write("URL line\n".getBytes(StandardCharsets.US_ASCII));
    ready.countDown();
    log.close();

    assertThat(beforeReady).isZero();
    assertThat(out.toString(StandardCharsets.US_ASCII).lines().toList())
        .hasSize(3)
        .first()
        .isEqualTo("URL line");
  }

  @Test
  void copytruncate_rotation_leaves_no_hole_before_the_next_lines() throws IOException {
    Path file = dir.resolve("access.log");
    AccessLog log = logWithItsFirstLine(file);

    Files.copy(file, dir.resolve("access.log.1"));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    log.completed(exchange(2));
    log.close();

    byte[] bytes = Files.readAllBytes(file);
    assertThat(new String(bytes, StandardCharsets.US_ASCII)).doesNotContain("\0");
    assertThat(targets(Files.readAllLines(file))).containsExactly("/2");
    assertThat(targets(Files.readAllLines(dir.resolve("access.log.1")))).containsExactly("/1");
  }

  @Test
  void a_file_moved_away_by_rotation_is_followed_by_a_new_file_and_no_line_is_lost()
      throws Exception {
    Path file = dir.resolve("access.log");
    Path rotated = dir.resolve("access.log.1");
    AccessLog log = AccessLog.open(new AccessLogTarget.ToFile(file), THREADS);
    log.completed(exchange(1));
    awaitLines(file, 1);

    Files.move(file, rotated);
    log.completed(exchange(2)); // may still land in the moved file: it is checked once a second
    Thread.sleep(1100);
    log.completed(exchange(3));
    log.close();

    List<String> all = new java.util.ArrayList<>(targets(Files.readAllLines(rotated)));
    all.addAll(targets(Files.readAllLines(file)));
    assertThat(all).containsExactly("/1", "/2", "/3");
    assertThat(targets(Files.readAllLines(file))).contains("/3");
  }

  @Test
  void handing_lines_to_a_quiet_log_does_not_wake_its_writer_for_each() throws Exception {
    Path file = dir.resolve("access.log");
    QueuedAccessLog log = logWithItsFirstLine(file); // the writer then sleeps on its timer

    long sleepsBefore = log.sleeps();
    long started = System.nanoTime();
    for (int n = 2; n <= 51; n++) {
      log.completed(exchange(n));
      Thread.sleep(2);
    }
    awaitLines(file, 51);
    long sleeps = log.sleeps() - sleepsBefore;
    long pauses = Duration.ofNanos(System.nanoTime() - started).dividedBy(QueuedAccessLog.PAUSE);
    log.close();

    // 50 lines over ~100 ms (more on a slow machine): a writer woken per line sleeps 50 times or
    // more, one that sleeps on its timer at most once per PAUSE (20 ms) that went by (~6)
    assertThat(sleeps)
        .as("writer's sleeps during 50 lines 2 ms apart, over %d pauses", pauses)
        .isLessThan(Math.min(50, Math.max(25, pauses + 5)));
    assertThat(targets(Files.readAllLines(file)))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 51).mapToObj(n -> "/" + n).toList());
  }

  @Test
  void lines_that_come_a_few_at_a_time_wake_the_writer_once_per_sparse_pause() throws Exception {
    Path file = dir.resolve("access.log");
    QueuedAccessLog log = logWithItsFirstLine(file);

    long sleepsBefore = log.sleeps();
    long started = System.nanoTime();
    for (int n = 2; n <= 31; n++) { // as curl downloads one after another: a line every 10 ms
      log.completed(exchange(n));
      Thread.sleep(10);
    }
    awaitLines(file, 31);
    long sleeps = log.sleeps() - sleepsBefore;
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    log.close();

    // ~300 ms: a writer that slept PAUSE (20 ms) after every few lines slept ~15 times; a few
    // lines at a time are not worth waking for that often
    assertThat(sleeps)
        .as("writer's sleeps during 30 lines 10 ms apart, over %d ms", took.toMillis())
        .isLessThanOrEqualTo(took.dividedBy(QueuedAccessLog.SPARSE_PAUSE) + 3);
    assertThat(targets(Files.readAllLines(file)))
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 31).mapToObj(n -> "/" + n).toList());
  }

  @Test
  void the_first_line_after_a_quiet_spell_is_written_without_waiting_for_more() throws Exception {
    Path file = dir.resolve("access.log");
    QueuedAccessLog log = logWithItsFirstLine(file);
    Thread.sleep(QueuedAccessLog.QUIET_AFTER.toMillis() + 300); // the writer stops its timer

    long sleepsBefore = log.sleeps();
    Thread.sleep(500);
    assertThat(log.sleeps()).as("an idle writer does not tick").isEqualTo(sleepsBefore);

    long handedOver = System.nanoTime();
    log.completed(exchange(2));
    awaitLines(file, 2);
    long writtenAfterMillis = (System.nanoTime() - handedOver) / 1_000_000;
    log.close();

    assertThat(writtenAfterMillis).as("ms until the line was in the file").isLessThan(1_000);
    assertThat(targets(Files.readAllLines(file))).containsExactly("/1", "/2");
  }

  @Test
  void a_full_queue_makes_workers_wait_and_loses_no_line() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CountDownLatch ready = new CountDownLatch(1); // holds the writer back until the queue is full
    AccessLog log = AccessLog.open(new AccessLogTarget.ToStream(out, ready), THREADS);
    int lines = QueuedAccessLog.QUEUE_SIZE * 2;
    Thread worker =
        Thread.ofPlatform()
            .start(() -> IntStream.range(0, lines).forEach(n -> log.completed(exchange(n))));

    Thread.sleep(300);
    assertThat(worker.isAlive()).as("a worker facing a full queue waits").isTrue();
    ready.countDown();
    worker.join(10_000);
    log.close();

    assertThat(worker.isAlive()).isFalse();
    assertThat(targets(out.toString(StandardCharsets.US_ASCII).lines().toList()))
        .containsExactlyElementsOf(IntStream.range(0, lines).mapToObj(n -> "/" + n).toList());
  }

  /** A log on {@code file} that has written its first line, {@code /1}. */
  private static QueuedAccessLog logWithItsFirstLine(Path file) throws IOException {
    QueuedAccessLog log = QueuedAccessLog.open(new AccessLogTarget.ToFile(file), THREADS);
    log.completed(exchange(1));
    awaitLines(file, 1);
    return log;
  }

  private static void awaitLines(Path file, int count) throws IOException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (Files.readAllLines(file).size() < count) {
      if (System.nanoTime() > until) {
        throw new AssertionError("line not written within 10 s");
      }
      Thread.onSpinWait();
    }
  }
}
