package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BodyAllowanceTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @Test
  void a_body_gets_its_grace_then_one_second_per_rate_bytes_and_spends_only_time_waited() {
    BodyAllowance allowance = new BodyAllowance(30 * SECOND, 500);

    assertThat(allowance.remainingNanos()).isEqualTo(30 * SECOND);
    allowance.recordRead(
        10 * SECOND, 1000); // ten seconds of waiting brought 1,000 bytes: two seconds earned
    assertThat(allowance.remainingNanos()).isEqualTo(22 * SECOND);
    allowance.recordRead(0, 50_000); // read from the buffer at once
    assertThat(allowance.remainingNanos()).isEqualTo(122 * SECOND);
  }

  @Test
  void a_trickle_spends_its_grace_and_runs_out() {
    BodyAllowance allowance = new BodyAllowance(30 * SECOND, 500);
    for (int i = 0; i < 3; i++) {
      allowance.recordRead(10 * SECOND, 1); // a byte every ten seconds: the grace is all but spent
    }
    assertThat(allowance.remainingNanos()).isEqualTo(3 * SECOND / 500); // what three bytes earned

    allowance.recordRead(10 * SECOND, 1);
    assertThat(allowance.remainingNanos()).isNegative();
  }

  @Test
  void a_new_body_starts_afresh() {
    BodyAllowance allowance = new BodyAllowance(5 * SECOND, 500);
    allowance.recordRead(6 * SECOND, 0);
    allowance.reset();

    assertThat(allowance.remainingNanos()).isEqualTo(5 * SECOND);
  }

  @Test
  void without_a_minimum_rate_there_is_no_end_and_nothing_overflows() {
    assertThat(new BodyAllowance(SECOND, 0).remainingNanos()).isEqualTo(Long.MAX_VALUE);

    BodyAllowance huge = new BodyAllowance(SECOND, 1);
    huge.recordRead(0, Integer.MAX_VALUE);
    huge.recordRead(0, Integer.MAX_VALUE);
    assertThat(huge.remainingNanos()).isPositive();
  }
}
