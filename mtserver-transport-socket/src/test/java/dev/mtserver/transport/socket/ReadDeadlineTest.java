package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.transport.socket.ReadDeadline.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReadDeadlineTest {

  private final ReadDeadline read = new ReadDeadline();

  @Test
  void a_read_waits_then_returns() {
    read.begin(ReadWait.HEADER, 100);
    assertThat(read.state()).isEqualTo(State.WAITING);

    read.end();

    assertThat(read.state()).isEqualTo(State.READY);
    assertThat(read.stopped()).isFalse();
  }

  @Test
  void the_watchdog_times_out_a_read_only_once_its_deadline_has_come() {
    read.begin(ReadWait.BODY, 100);

    assertThat(read.expire(99)).isFalse();
    assertThat(read.expire(100)).isTrue();
    assertThat(read.state()).isEqualTo(State.TIMED_OUT);
    assertThat(read.waitingFor()).isEqualTo(ReadWait.BODY);
    assertThat(read.expire(200)).as("already timed out").isFalse();
  }

  @Test
  void a_timeout_is_final_even_when_the_woken_read_returns() {
    read.begin(ReadWait.HEADER, 100);
    read.expire(100);

    read.end();

    assertThat(read.state()).isEqualTo(State.TIMED_OUT);
    assertThat(read.stopped()).isTrue();
    assertThatThrownBy(() -> read.begin(ReadWait.HEADER, 500))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nothing_times_out_while_no_read_waits() {
    assertThat(read.expire(Long.MAX_VALUE)).isFalse();
    read.begin(ReadWait.NEXT_REQUEST, 100);
    read.end();
    assertThat(read.expire(1_000)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = ReadWait.class,
      names = {"NEXT_REQUEST", "LINGER"})
  void a_read_that_holds_no_request_may_be_closed_and_then_sees_the_end(ReadWait wait) {
    read.begin(wait, 100);
    assertThat(read.idleWaitDeadline()).isEqualTo(100);

    assertThat(read.closeIfIdle()).isTrue();
    read.end();

    assertThat(read.state()).isEqualTo(State.CLOSED_IDLE);
    assertThat(read.idleWaitDeadline()).isEqualTo(Long.MAX_VALUE);
    assertThat(read.closeIfIdle()).as("once").isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = ReadWait.class,
      names = {"HEADER", "BODY"})
  void a_read_inside_a_request_is_never_closed_as_idle(ReadWait wait) {
    read.begin(wait, 100);

    assertThat(read.closeIfIdle()).isFalse();
    assertThat(read.idleWaitDeadline()).isEqualTo(Long.MAX_VALUE);
    assertThat(read.state()).isEqualTo(State.WAITING);
  }

  @Test
  void a_worker_that_finds_the_server_draining_does_not_start_its_idle_wait() {
    read.closeBeforeIdleWait();

    assertThat(read.state()).isEqualTo(State.CLOSED_IDLE);
  }

  @Test
  void a_connection_counts_one_timeout_at_most() {
    assertThat(read.countTimeout()).isTrue();
    assertThat(read.countTimeout()).isFalse();
  }
}
