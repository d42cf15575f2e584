package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.threads.ThreadSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How the lead passes when the listener's alarm rings ({@link Leadership#connectionWaiting}): the
 * first leader begins an exchange it never ends and rings at once, and the factory notes when the
 * next leader is made, which is when the lead passes.
 */
class LeadershipTest {

  @Test
  void a_ring_passes_the_lead_only_once_the_exchange_has_lasted_pass_after() throws Exception {
    AtomicReference<Leadership> shared = new AtomicReference<>();
    AtomicLong servingFrom = new AtomicLong();
    AtomicLong passedAt = new AtomicLong();
    AtomicInteger made = new AtomicInteger();
    CountDownLatch passed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ThreadFactory leaders =
        task -> {
          if (made.getAndIncrement() == 1) { // the first is start()'s; the second, the pass's
            passedAt.set(System.nanoTime());
          }
          return Thread.ofVirtual().unstarted(task);
        };
    Runnable leadLoop =
        () -> {
          if (servingFrom.get() == 0) { // the first leader: an exchange, and a ring during it
            servingFrom.set(System.nanoTime()); // just before the exchange's own start
            shared.get().beganServing(true);
            shared.get().connectionWaiting();
          } else {
            passed.countDown(); // the next leader runs: the pass is complete
          }
          awaitQuietly(release);
        };
    Leadership leadership =
        new Leadership(leaders, leadLoop, new ThreadSource(), new FirstBytesWait());
    shared.set(leadership);
    leadership.start();
    try {
      assertThat(passed.await(5, TimeUnit.SECONDS)).as("the lead passed").isTrue();
      // Passed at once, a ring during a short exchange would cost two wake-ups for nothing: with
      // clients that connect as fast as ab does, one comes during almost every exchange.
      assertThat(Duration.ofNanos(passedAt.get() - servingFrom.get()))
          .as("how long after the exchange began the lead passed")
          .isGreaterThanOrEqualTo(Leadership.PASS_AFTER);
      assertThat(leadership.passes()).as("passes of the lead").isOne();
    } finally {
      release.countDown();
      leadership.stop();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
