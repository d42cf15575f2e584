package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.socket.WriteDeadline.State;
import org.junit.jupiter.api.Test;

class WriteDeadlineTest {

  private final WriteDeadline write = new WriteDeadline();

  @Test
  void each_write_call_gets_its_own_deadline() {
    write.begin(100);
    assertThat(write.expire(99)).isFalse();
    write.end();
    write.begin(200); // the next chunk: the deadline restarts
    assertThat(write.expire(150)).isFalse();
    write.end();

    assertThat(write.state()).isEqualTo(State.READY);
  }

  @Test
  void a_write_past_its_deadline_times_out_for_good() {
    write.begin(100);

    assertThat(write.expire(100)).isTrue();
    write.end();
    write.begin(1_000);

    assertThat(write.timedOut()).isTrue();
    assertThat(write.expire(2_000)).as("counted once").isFalse();
  }

  @Test
  void nothing_times_out_between_writes() {
    write.begin(100);
    write.end();

    assertThat(write.expire(Long.MAX_VALUE)).isFalse();
  }
}
