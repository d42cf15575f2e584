package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AcceptBackoffTest {

  @Test
  void failures_back_off_from_5_ms_doubling_up_to_half_a_second() throws Exception {
    AcceptBackoff backoff = new AcceptBackoff();
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      delays.add(backoff.nextDelay());
      backoff.failed(new IOException("Too many open files")); // sleeps that long: 1.4 s in all
    }

    assertThat(delays)
        .extracting(Duration::toMillis)
        .containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 320L, 500L, 500L);
  }

  @Test
  void a_successful_accept_starts_the_next_episode_from_the_first_delay() throws Exception {
    AcceptBackoff backoff = new AcceptBackoff();
    backoff.failed(new IOException("Too many open files"));
    backoff.failed(new IOException("Too many open files"));

    backoff.succeeded();

    assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void an_episode_right_after_another_does_not_warn_again_until_ten_seconds_have_passed()
      throws Exception {
    AtomicLong now = new AtomicLong();
    AcceptBackoff backoff = new AcceptBackoff(now::get);
    IOException emfile = new IOException("Too many open files");

    assertThat(backoff.failed(emfile)).as("the first failure warns").isTrue();
    assertThat(backoff.failed(emfile)).as("the same episode").isFalse();
    backoff.succeeded();
    now.addAndGet(Duration.ofMillis(35).toNanos());
    assertThat(backoff.failed(emfile)).as("a new episode 35 ms later").isFalse();
    backoff.succeeded();
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(backoff.failed(emfile)).as("a new episode ten seconds on").isTrue();
  }
}
