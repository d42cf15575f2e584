package dev.mtserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.http.site.admin.StoreHealth.Status;
import dev.mtserver.threads.ThreadSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The deep health check: bounded, reused for a second, and never piling up on a hung store. */
class StoreChecksTest {

  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker =
      new Ticker() {
        @Override
        public long read() {
          return now.get();
        }
      };

  @Test
  void each_store_is_reported_reachable_or_with_its_reason_on_one_line() {
    StoreProbe bucket = new StoreProbe("object store s3://site/www/", () -> {});
    StoreProbe database =
        new StoreProbe(
            "database postgresql://db:5432/x as u",
            () -> {
              throw new StoreUnavailableException(
                  StoreUnavailableException.Reason.UNREACHABLE,
                  "connection refused\nat some line",
                  null);
            });
    try (StoreChecks checks = new StoreChecks(List.of(bucket, database), new ThreadSource())) {
      assertThat(checks.check())
          .containsExactly(
              new Status("object store s3://site/www/", true, "reachable"),
              new Status("database postgresql://db:5432/x as u", false, "connection refused"));
    }
  }

  @Test
  void a_hung_store_is_reported_within_the_bound_and_never_asked_twice_at_once() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger asked = new AtomicInteger();
    StoreProbe hung =
        new StoreProbe(
            "database postgresql://db:5432/x as u",
            () -> {
              asked.incrementAndGet();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try (StoreChecks checks = new StoreChecks(List.of(hung), new ThreadSource(), ticker)) {
      long started = System.nanoTime();
      List<Status> first = checks.check();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(first).extracting(Status::reachable).containsExactly(false);
      assertThat(first.get(0).detail()).isEqualTo("no answer within 2.0 s");
      assertThat(took)
          .isBetween(StoreChecks.BOUND.minusMillis(100), StoreChecks.BOUND.plusSeconds(3));

      now.addAndGet(StoreChecks.FRESH.toNanos() * 5); // long after: the round is still hung
      long again = System.nanoTime();
      assertThat(checks.check()).extracting(Status::reachable).containsExactly(false);
      assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofSeconds(1));
      assertThat(asked).hasValue(1);

      release.countDown(); // the store answers at last; the next stale check asks anew
      // once the hung round has ended on its thread: looked for until it has (a loaded machine
      // may take a while to run that thread), each look with a stale answer
      List<Status> later;
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      do {
        Thread.sleep(10);
        now.addAndGet(StoreChecks.FRESH.toNanos() * 2);
        later = checks.check();
      } while (asked.get() < 2 && System.nanoTime() < deadline);
      assertThat(asked).hasValue(2);
      assertThat(later).extracting(Status::reachable).containsExactly(true);
    }
  }

  @Test
  void an_answer_is_reused_for_a_second() {
    AtomicInteger asked = new AtomicInteger();
    StoreProbe bucket = new StoreProbe("object store", asked::incrementAndGet);
    try (StoreChecks checks = new StoreChecks(List.of(bucket), new ThreadSource(), ticker)) {
      checks.check();
      now.addAndGet(StoreChecks.FRESH.toNanos() / 2);
      checks.check();
      assertThat(asked).hasValue(1);
      now.addAndGet(StoreChecks.FRESH.toNanos());
      checks.check();
      assertThat(asked).hasValue(2);
    }
  }
}
