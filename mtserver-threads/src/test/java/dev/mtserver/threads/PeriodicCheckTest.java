package dev.mtserver.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicCheckTest {

  private final List<Thread> made = new CopyOnWriteArrayList<>();
  private final ThreadFactory factory =
      task -> {
        Thread thread = new ThreadSource().daemonThread("test-check", task);
        made.add(thread);
        return thread;
      };

  @Test
  void runs_every_interval_on_one_thread_from_the_factory_until_closed() throws Exception {
    CountDownLatch three = new CountDownLatch(3);
    PeriodicCheck check = new PeriodicCheck("test check", three::countDown);

    check.start(factory, Duration.ofMillis(10));

    assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(made).singleElement().matches(Thread::isAlive);
    check.close();
    assertThat(made.get(0).isAlive()).isFalse();
  }

  @Test
  void a_check_that_throws_does_not_end_the_polling() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch again = new CountDownLatch(2);
    PeriodicCheck check =
        new PeriodicCheck(
            "test check",
            () -> {
              again.countDown();
              if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug in the check");
              }
            });
    check.start(factory, Duration.ofMillis(10));
    try {
      assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      check.close();
    }
  }

  @Test
  void starts_once_and_never_after_close() {
    PeriodicCheck check = new PeriodicCheck("test check", () -> {});
    check.start(factory, Duration.ofSeconds(1));
    assertThatThrownBy(() -> check.start(factory, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    check.close();

    PeriodicCheck closed = new PeriodicCheck("test check", () -> {});
    closed.close();
    assertThatThrownBy(() -> closed.start(factory, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(made).hasSize(1);
  }

  @Test
  void the_interval_must_be_positive() {
    PeriodicCheck check = new PeriodicCheck("test check", () -> {});
    assertThatThrownBy(() -> check.start(factory, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
