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
 * listening at once rather than when that wait would have looked again.
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
}
