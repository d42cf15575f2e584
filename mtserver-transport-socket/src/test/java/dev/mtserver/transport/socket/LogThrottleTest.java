package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker =
      new Ticker() {
        @Override
        public long read() {
          return now.get();
        }
      };

  @Test
  void
      lets_the_first_messages_of_a_window_through_then_counts_the_rest_and_reports_them_next_window() {
    LogThrottle throttle = new LogThrottle(2, Duration.ofSeconds(10), ticker);

    assertThat(throttle.admit()).isZero();
    assertThat(throttle.admit()).isZero();
    assertThat(throttle.admit()).isEqualTo(-1);
    assertThat(throttle.admit()).isEqualTo(-1);

    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(throttle.admit()).isEqualTo(2);
    assertThat(throttle.admit()).isZero();
  }

  @Test
  void the_note_says_how_many_were_suppressed() {
    assertThat(LogThrottle.suppressedNote(0)).isEmpty();
    assertThat(LogThrottle.suppressedNote(7)).isEqualTo(" (7 similar messages suppressed)");
  }
}
