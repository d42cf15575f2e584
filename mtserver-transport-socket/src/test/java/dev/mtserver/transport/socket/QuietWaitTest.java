package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link QuietWait#release}: a server that stops ends its leader's wait in the kernel, and stops
 * listening at once rather than when that wait would have looked again. {@link
 * QuietWait#awaitConnectionParked}: two leaders waiting the JDK's way on one listener are both
 * woken.
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
  void two_leaders_waiting_the_jdks_way_on_one_listener_are_both_woken_by_a_connection()
      throws Exception {
    QuietWait quietWait = QuietWait.detect();
    assumeThat(quietWait.available()).as(String.valueOf(quietWait.unavailableReason())).isTrue();
    int carriers = QuietWait.carriers();
    for (int i = 0; i < carriers; i++) {
      QuietWait.connectionBegan(); // busy: the JDK's wait does not return at once
    }
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      listener.configureBlocking(false);
      Thread first = Thread.ofVirtual().start(() -> awaitParked(quietWait, listener));
      awaitWaiting(first);
      Thread second = Thread.ofVirtual().start(() -> awaitParked(quietWait, listener));
      awaitWaiting(second);

      // One connection, never accepted: the listener stays ready for whoever waits next. The JDK's
      // poller wakes the one thread it has for the descriptor; had the second replaced the first
      // there, the first would wait on, deaf.
      try (SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
        assertThat(client.isConnected()).isTrue();
        assertThat(first.join(Duration.ofSeconds(5))).as("the first waiter woken").isTrue();
        assertThat(second.join(Duration.ofSeconds(5))).as("the second waiter woken").isTrue();
      }
    } finally {
      for (int i = 0; i < carriers; i++) {
        QuietWait.connectionEnded();
      }
    }
  }

  private static void awaitParked(QuietWait quietWait, ServerSocketChannel listener) {
    try {
      quietWait.awaitConnectionParked(listener);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Until {@code thread} is parked: in the JDK's wait, or behind the lock of the one who is. */
  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (thread.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("parked within 5 s").isLessThan(until);
      Thread.sleep(1);
    }
  }
}
