package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FirstBytesWaitTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final FirstBytesWait wait = new FirstBytesWait(now::get);

  @Test
  void fewer_waits_that_ran_out_each_second_than_allowed_never_stop_the_waiting() {
    Duration apart = Duration.ofSeconds(1).dividedBy(FirstBytesWait.RAN_OUT_PER_SECOND);
    for (int second = 0; second < 10; second++) {
      for (int i = 0; i < FirstBytesWait.RAN_OUT_PER_SECOND - 1; i++) {
        assertThat(wait.allowed()).as("second %d, wait %d", second, i).isTrue();
        wait.ranOut();
        now.addAndGet(apart.toNanos());
      }
      now.addAndGet(apart.toNanos()); // RAN_OUT_PER_SECOND times apart: the next second
    }
  }

  @Test
  void after_the_allowed_waits_ran_out_the_leader_stops_waiting_until_the_next_second() {
    long start = now.get();
    for (int i = 0; i < FirstBytesWait.RAN_OUT_PER_SECOND; i++) {
      assertThat(wait.allowed()).as("wait %d", i).isTrue();
      wait.ranOut();
      now.addAndGet(Leadership.PASS_AFTER.toNanos());
    }

    assertThat(wait.allowed()).isFalse();
    now.set(start + Duration.ofMillis(999).toNanos());
    assertThat(wait.allowed()).as("still within the second").isFalse();
    now.set(start + Duration.ofSeconds(1).toNanos());
    assertThat(wait.allowed()).as("a second after the first").isTrue();
  }
}
