package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  private static final Duration LONG_WAIT = Duration.ofSeconds(5);

  /** Well under LONG_WAIT: "at once" in these tests, however loaded the machine. */
  private static final long AT_ONCE_MILLIS = 2_000;

  private final List<FakeConnection> live = new ArrayList<>();
  private final LongAdder idleClosed = new LongAdder();
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private Admission admission(int maxConnections, Duration overloadWait) {
    return new Admission(maxConnections, overloadWait, live, idleClosed, clock::get);
  }

  @Test
  void a_free_permit_is_taken_before_accept() throws InterruptedException {
    Admission admission = admission(2, LONG_WAIT);

    assertThat(admission.awaitPermit()).isTrue();
    assertThat(admission.awaitPermit()).isTrue();
    assertThat(admission.awaitAllReleased(Duration.ZERO)).as("both permits are out").isFalse();
  }

  @Test
  void while_full_a_newcomer_waits_in_the_backlog_for_a_worker_that_finishes() throws Exception {
    Admission admission = admission(1, LONG_WAIT);
    admission.awaitPermit();

    CompletableFuture<Void> released =
        CompletableFuture.runAsync(
            admission::release, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));

    assertThat(admission.awaitPermit()).isTrue();
    released.join();
  }

  @Test
  void once_full_for_the_overload_wait_newcomers_are_refused_without_waiting_again()
      throws Exception {
    Admission admission = admission(1, Duration.ofMillis(50));
    admission.awaitPermit();
    assertThat(admission.awaitPermit()).as("full for the whole wait").isFalse();

    clock.addAndGet(Duration.ofSeconds(10).toNanos()); // still full, for far longer than the wait

    long started = System.nanoTime();
    assertThat(admission.admitWithoutPermit()).isFalse();
    assertThat(admission.awaitPermit()).isFalse();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isLessThan(AT_ONCE_MILLIS);
  }

  @Test
  void the_overload_wait_counts_from_when_the_server_filled_up_and_starts_again_after_room()
      throws Exception {
    Admission admission = admission(1, LONG_WAIT);
    admission.awaitPermit();
    clock.addAndGet(LONG_WAIT.toNanos() / 2);
    CompletableFuture<Void> released =
        CompletableFuture.runAsync(
            admission::release, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    assertThat(admission.awaitPermit()).as("within the wait: the permit that came back").isTrue();
    released.join();

    clock.addAndGet(LONG_WAIT.toNanos() * 10); // long after: but the server had room in between
    CompletableFuture<Void> releasedAgain =
        CompletableFuture.runAsync(
            admission::release, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    assertThat(admission.awaitPermit()).as("a fresh wait, not one spent long ago").isTrue();
    releasedAgain.join();
  }

  @Test
  void a_newcomer_takes_an_idle_connections_place_at_once() throws Exception {
    Admission admission = admission(1, LONG_WAIT);
    admission.awaitPermit();
    FakeConnection idle = new FakeConnection(admission, 100);
    live.add(idle);

    long started = System.nanoTime();
    assertThat(admission.awaitPermit()).as("accepted at once, without a permit").isFalse();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isLessThan(AT_ONCE_MILLIS);
    assertThat(admission.admitWithoutPermit()).as("the idle connection's permit").isTrue();
    assertThat(idle.closed).isTrue();
    assertThat(idleClosed.sum()).isEqualTo(1);
  }

  @Test
  void a_connection_that_turns_idle_while_the_acceptor_waits_makes_room_before_the_wait_runs_out()
      throws Exception {
    Admission admission = admission(1, LONG_WAIT);
    admission.awaitPermit();
    FakeConnection busy = new FakeConnection(admission, Long.MAX_VALUE);
    live.add(busy);
    CompletableFuture<Void> answered =
        CompletableFuture.runAsync(
            () -> busy.deadline = 100, // its response done: it waits for its next request
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));

    long started = System.nanoTime();
    assertThat(admission.awaitPermit()).as("accepted without a permit").isFalse();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .as("when it turned idle, not after the overload wait")
        .isLessThan(AT_ONCE_MILLIS);
    assertThat(admission.admitWithoutPermit()).as("its permit").isTrue();
    assertThat(busy.closed).isTrue();
    answered.join();
  }

  @Test
  void a_connection_busy_with_a_request_is_never_closed_for_a_newcomer() throws Exception {
    Admission admission = admission(1, Duration.ofMillis(50));
    admission.awaitPermit();
    FakeConnection busy = new FakeConnection(admission, Long.MAX_VALUE);
    live.add(busy);

    assertThat(admission.awaitPermit()).isFalse();
    assertThat(admission.admitWithoutPermit()).isFalse();
    assertThat(busy.closed).isFalse();
  }

  @Test
  void room_is_made_by_closing_the_longest_idle_an_eighth_at_least_one_at_most_32() {
    Admission admission = admission(1000, LONG_WAIT);
    List<FakeConnection> eighty = idleConnections(admission, 80);

    assertThat(admission.closeIdleConnections()).isEqualTo(10);
    assertThat(eighty)
        .filteredOn(c -> c.closed)
        .extracting(c -> c.deadline)
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);

    live.clear();
    idleConnections(admission, 3);
    assertThat(admission.closeIdleConnections()).isEqualTo(1);

    live.clear();
    idleConnections(admission, 1000);
    assertThat(admission.closeIdleConnections()).isEqualTo(Admission.MAX_IDLE_CLOSED_AT_ONCE);
  }

  @Test
  void a_permit_taken_for_an_accept_that_failed_goes_back() throws InterruptedException {
    Admission admission = admission(1, LONG_WAIT);
    boolean permit = admission.awaitPermit();

    admission.giveBack(permit);

    assertThat(admission.awaitAllReleased(Duration.ZERO)).isTrue();
    assertThat(admission.awaitAllReleased(Duration.ZERO))
        .as("and again: the shutdown may ask twice")
        .isTrue();
  }

  private List<FakeConnection> idleConnections(Admission admission, int count) {
    List<FakeConnection> made = new ArrayList<>();
    for (int i = count;
        i >= 1;
        i--) { // added newest first, so the order must come from the deadlines
      FakeConnection connection = new FakeConnection(admission, i);
      made.add(connection);
      live.add(connection);
    }
    return made;
  }

  /** Idle until its deadline; closing it ends its worker, which gives its permit back. */
  private static final class FakeConnection implements Reclaimable {
    private final Admission admission;
    volatile long deadline; // Long.MAX_VALUE while busy with a request
    volatile boolean closed;

    FakeConnection(Admission admission, long deadline) {
      this.admission = admission;
      this.deadline = deadline;
    }

    @Override
    public long idleWaitDeadline(long now) {
      return closed ? Long.MAX_VALUE : deadline;
    }

    @Override
    public boolean closeForRoom(long now) {
      if (closed || deadline == Long.MAX_VALUE) {
        return false;
      }
      closed = true;
      admission.release();
      return true;
    }
  }
}
