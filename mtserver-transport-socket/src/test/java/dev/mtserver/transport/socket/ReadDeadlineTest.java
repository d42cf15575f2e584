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
    read.begin(ReadWait.HEADER, 100, 0);
    assertThat(read.state()).isEqualTo(State.WAITING);

    read.end(-1);

    assertThat(read.state()).isEqualTo(State.READY);
    assertThat(read.stopped()).isFalse();
  }

  @Test
  void the_watchdog_times_out_a_read_only_once_its_deadline_has_come() {
    read.begin(ReadWait.BODY, 100, 0);

    assertThat(read.expire(99)).isFalse();
    assertThat(read.expire(100)).isTrue();
    assertThat(read.state()).isEqualTo(State.TIMED_OUT);
    assertThat(read.waitingFor()).isEqualTo(ReadWait.BODY);
    assertThat(read.expire(200)).as("already timed out").isFalse();
  }

  @Test
  void a_timeout_is_final_even_when_the_woken_read_returns() {
    read.begin(ReadWait.HEADER, 100, 0);
    read.expire(100);

    read.end(-1);

    assertThat(read.state()).isEqualTo(State.TIMED_OUT);
    assertThat(read.stopped()).isTrue();
    assertThatThrownBy(() -> read.begin(ReadWait.HEADER, 500, 0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nothing_times_out_while_no_read_waits() {
    assertThat(read.expire(Long.MAX_VALUE)).isFalse();
    read.begin(ReadWait.NEXT_REQUEST, 100, 0);
    read.end(-1);
    assertThat(read.expire(1_000)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = ReadWait.class,
      names = {"NEXT_REQUEST", "LINGER"})
  void a_read_that_holds_no_request_may_be_closed_by_the_drain_and_then_sees_the_end(
      ReadWait wait) {
    read.begin(wait, 100, 0);

    assertThat(read.closeIfIdle()).isTrue();
    read.end(-1);

    assertThat(read.state()).isEqualTo(State.CLOSED_IDLE);
    assertThat(read.closeIfIdle()).as("once").isFalse();
  }

  @Test
  void a_kept_alive_connection_waiting_for_its_next_request_makes_room_at_once() {
    read.begin(ReadWait.NEXT_REQUEST, 5_000, 0);
    read.end(300); // its first request arrived
    read.begin(ReadWait.HEADER, 5_000, 10);
    read.end(200);
    read.begin(ReadWait.NEXT_REQUEST, 9_000, 20); // answered: it waits for the next one

    assertThat(read.idleWaitDeadline(21)).isEqualTo(9_000);
    assertThat(read.closeForRoom(21)).isTrue();
    assertThat(read.state()).isEqualTo(State.CLOSED_IDLE);
    assertThat(read.idleWaitDeadline(22)).isEqualTo(Long.MAX_VALUE);
    assertThat(read.closeForRoom(22)).as("once").isFalse();
  }

  @Test
  void a_new_connection_waiting_for_its_first_request_makes_room_only_after_the_grace() {
    long began = 1_000;
    long grace = ReadDeadline.FIRST_REQUEST_GRACE_NANOS;
    read.begin(ReadWait.NEXT_REQUEST, began + 60 * grace, began);

    assertThat(read.idleWaitDeadline(began + grace - 1))
        .as("its request may be on its way")
        .isEqualTo(Long.MAX_VALUE);
    assertThat(read.closeForRoom(began + grace - 1)).isFalse();
    assertThat(read.state()).isEqualTo(State.WAITING);

    assertThat(read.idleWaitDeadline(began + grace)).isEqualTo(began + 60 * grace);
    assertThat(read.closeForRoom(began + grace)).isTrue();
    assertThat(read.state()).isEqualTo(State.CLOSED_IDLE);
  }

  @Test
  void the_drain_closes_a_new_connection_waiting_for_its_first_request_at_once() {
    read.begin(ReadWait.NEXT_REQUEST, 100_000, 0);

    assertThat(read.closeIfIdle()).isTrue();
    assertThat(read.state()).isEqualTo(State.CLOSED_IDLE);
  }

  @Test
  void a_lingering_close_makes_room_at_once_even_before_any_request() {
    read.begin(ReadWait.LINGER, 100_000, 0);

    assertThat(read.idleWaitDeadline(1)).isEqualTo(100_000);
    assertThat(read.closeForRoom(1)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = ReadWait.class,
      names = {"HEADER", "BODY"})
  void a_read_inside_a_request_is_never_closed_as_idle(ReadWait wait) {
    read.begin(wait, 100, 0);

    assertThat(read.closeIfIdle()).isFalse();
    assertThat(read.closeForRoom(Long.MAX_VALUE / 2)).isFalse();
    assertThat(read.idleWaitDeadline(Long.MAX_VALUE / 2)).isEqualTo(Long.MAX_VALUE);
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
