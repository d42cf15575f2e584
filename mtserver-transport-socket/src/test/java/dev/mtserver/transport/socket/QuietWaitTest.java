package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mtserver.threads.ThreadSource;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@link QuietWait#release}: a server that stops ends its leader's wait in the kernel, and stops
 * listening at once rather than when that wait would have looked again. {@link
 * QuietWait#awaitConnectionWatched}: two leaders waiting in one listener's watch are both woken by
 * a connection, a leader waiting there is woken when the process turns quiet, and stopping the
 * watch wakes its leader.
 */
class QuietWaitTest {

  @Test
  void release_ends_a_wait_in_the_kernel_and_the_listening_with_it() throws Exception {
    QuietWait quietWait = QuietWait.detect();
    assumeThat(quietWait.available()).as(String.valueOf(quietWait.unavailableReason())).isTrue();
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
      CompletableFuture<Boolean> waited = new CompletableFuture<>();
      Thread waiter =
          Thread.ofVirtual()
              .start(() -> waited.complete(quietWait.awaitConnection(listener, () -> false)));

      Thread.sleep(3 * QuietWait.RECHECK.toMillis());
      assertThat(waited).as("no connection, never stopping: still waiting").isNotDone();

      // Closing the descriptor alone would neither end the poll nor, while it lasts, the listening.
      quietWait.release(listener);
      assertThat(waited.get(5, TimeUnit.SECONDS))
          .as("woken as if a connection were there")
          .isTrue();
      assertThat(waiter.join(Duration.ofSeconds(5))).isTrue();
      try (SocketChannel client = SocketChannel.open()) {
        assertThatThrownBy(() -> client.connect(address)).isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  void two_leaders_waiting_in_the_listeners_watch_are_both_woken_by_a_connection()
      throws Exception {
    QuietWait quietWait = QuietWait.detect();
    assumeThat(quietWait.available()).as(String.valueOf(quietWait.unavailableReason())).isTrue();
    beginBusySpell();
    try (ServerSocketChannel listener = nonBlockingListener()) {
      ListenerWatch watch = ListenerWatch.start(listener, new ThreadSource());
      try {
        Thread first = Thread.ofVirtual().start(() -> quietWait.awaitConnectionWatched(watch));
        awaitWaiting(first);
        Thread second = Thread.ofVirtual().start(() -> quietWait.awaitConnectionWatched(watch));
        awaitWaiting(second);

        // One connection, never accepted: the listener stays ready for whoever waits next.
        try (SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
          assertThat(client.isConnected()).isTrue();
          assertThat(first.join(Duration.ofSeconds(5))).as("the first waiter woken").isTrue();
          assertThat(second.join(Duration.ofSeconds(5))).as("the second waiter woken").isTrue();
        }
      } finally {
        watch.stop();
      }
    } finally {
      endBusySpell();
    }
  }

  @Test
  void a_leader_waiting_in_the_listeners_watch_is_woken_when_the_process_turns_quiet()
      throws Exception {
    QuietWait quietWait = QuietWait.detect();
    assumeThat(quietWait.available()).as(String.valueOf(quietWait.unavailableReason())).isTrue();
    try (ServerSocketChannel listener = nonBlockingListener()) {
      ListenerWatch watch = ListenerWatch.start(listener, new ThreadSource());
      try {
        Thread leader;
        beginBusySpell();
        try {
          leader = Thread.ofVirtual().start(() -> quietWait.awaitConnectionWatched(watch));
          awaitWaiting(leader);
          Thread.sleep(3 * QuietWait.RECHECK.toMillis());
          assertThat(leader.isAlive())
              .as("no connection, the process busy: still waiting")
              .isTrue();
        } finally {
          endBusySpell(); // the last connections of the busy spell end
        }
        assertThat(leader.join(Duration.ofSeconds(5)))
            .as("woken to wait in the kernel instead, though no connection came")
            .isTrue();
      } finally {
        watch.stop();
      }
    }
  }

  @Test
  void stopping_the_watch_wakes_its_leader_and_ends_its_thread() throws Exception {
    QuietWait quietWait = QuietWait.detect();
    assumeThat(quietWait.available()).as(String.valueOf(quietWait.unavailableReason())).isTrue();
    beginBusySpell();
    try (ServerSocketChannel listener = nonBlockingListener()) {
      ListenerWatch watch = ListenerWatch.start(listener, new ThreadSource());
      Thread leader = Thread.ofVirtual().start(() -> quietWait.awaitConnectionWatched(watch));
      awaitWaiting(leader);

      watch.stop();
      assertThat(leader.join(Duration.ofSeconds(5))).as("the leader woken").isTrue();
      assertThat(watch.ended(Duration.ofSeconds(5))).as("the watch thread ended").isTrue();
    } finally {
      endBusySpell();
    }
  }

  @Test
  void a_leader_on_a_stopped_watch_pauses_between_looks_instead_of_spinning() throws Exception {
    QuietWait quietWait = QuietWait.detect();
    assumeThat(quietWait.available()).as(String.valueOf(quietWait.unavailableReason())).isTrue();
    beginBusySpell();
    try (ServerSocketChannel listener = nonBlockingListener()) {
      ListenerWatch watch = ListenerWatch.start(listener, new ThreadSource());
      watch.stop();
      assertThat(watch.ended(Duration.ofSeconds(5))).isTrue();

      // A wake-up left over from an earlier unpark of this thread must not cut a pause short.
      LockSupport.unpark(Thread.currentThread());
      long started = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        quietWait.awaitConnectionWatched(watch); // what the accept loop does while nothing comes
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("three looks, each after a pause")
          .isGreaterThanOrEqualTo(QuietWait.RECHECK.multipliedBy(3));
    } finally {
      endBusySpell();
    }
  }

  private static ServerSocketChannel nonBlockingListener() throws java.io.IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    listener.configureBlocking(false);
    return listener;
  }

  /** As many connections served as there are carriers: the process is busy. */
  private static void beginBusySpell() {
    for (int i = 0; i < QuietWait.carriers(); i++) {
      QuietWait.connectionBegan();
    }
  }

  /** Those connections end: the process is quiet again. */
  private static void endBusySpell() {
    for (int i = 0; i < QuietWait.carriers(); i++) {
      QuietWait.connectionEnded();
    }
  }

  /** Until {@code thread} is parked: in the watch, or behind the lock of the one who is. */
  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (thread.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("parked within 5 s").isLessThan(until);
      Thread.sleep(1);
    }
  }
}
