package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mtserver.threads.ThreadSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener's alarm on a real listening socket: it rings once for a connection that comes while
 * it is armed, and never while disarmed ({@link ListenerAlarm}).
 */
class ListenerAlarmTest {

  /** Long enough for a ring that would come to have come, on a loaded machine too. */
  private static final long NO_RING_MILLIS = 300;

  private ServerSocketChannel listener;
  private final Semaphore rang = new Semaphore(0);
  private ListenerAlarm alarm;

  @BeforeEach
  void listen() throws IOException {
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    alarm = ListenerAlarm.start(listener, new ThreadSource(), rang::release);
    assumeThat(alarm.available())
        .as("epoll through the JDK's helpers: %s", alarm.unavailableReason())
        .isTrue();
  }

  @AfterEach
  void close() throws IOException {
    alarm.stop();
    listener.close();
  }

  @Test
  void a_connection_to_a_disarmed_alarm_rings_nothing() throws Exception {
    try (SocketChannel client = connect()) {
      assertThat(client.isConnected()).isTrue();
      assertThat(rang.tryAcquire(NO_RING_MILLIS, TimeUnit.MILLISECONDS)).isFalse();
    }
  }

  @Test
  void an_armed_alarm_rings_once_for_a_connection_and_is_disarmed_by_its_ring() throws Exception {
    alarm.arm();
    try (SocketChannel first = connect()) {
      assertThat(first.isConnected()).isTrue();
      assertThat(rang.tryAcquire(5, TimeUnit.SECONDS)).as("the ring for the connection").isTrue();
      try (SocketChannel second = connect()) {
        assertThat(second.isConnected()).isTrue();
        assertThat(rang.tryAcquire(NO_RING_MILLIS, TimeUnit.MILLISECONDS))
            .as("a second ring without arming again, the first connection still not accepted")
            .isFalse();
      }
    }
    assertThat(alarm.rings()).isEqualTo(1);
  }

  @Test
  void arming_while_a_connection_waits_rings_at_once() throws Exception {
    try (SocketChannel waiting = connect()) {
      assertThat(waiting.isConnected()).isTrue();
      assertThat(rang.tryAcquire(NO_RING_MILLIS, TimeUnit.MILLISECONDS)).isFalse();
      alarm.arm();
      assertThat(rang.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void a_disarmed_alarm_rings_for_nothing_that_comes_later() throws Exception {
    alarm.arm();
    alarm.disarm();
    try (SocketChannel client = connect()) {
      assertThat(client.isConnected()).isTrue();
      assertThat(rang.tryAcquire(NO_RING_MILLIS, TimeUnit.MILLISECONDS)).isFalse();
    }
    alarm.arm(); // armed again, it rings for the connection still waiting
    assertThat(rang.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void a_listener_shut_down_ends_the_alarms_thread_rather_than_ringing_on() throws Exception {
    QuietWait.detect().release(listener); // as the shutdown does first: shutdown(SHUT_RD)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (alarmThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    // The kernel reports a shut-down listener (EPOLLHUP) at every look, armed or not.
    assertThat(alarmThreads()).as("threads named mtserver-listener-alarm").isZero();
    assertThat(alarm.rings()).as("rings for a listener that no longer listens").isZero();
    assertThat(alarm.working()).isFalse();
  }

  @Test
  void stopping_ends_its_thread_and_closes_its_descriptors() throws Exception {
    assumeThat(Files.isDirectory(Path.of("/proc/self/fd"))).isTrue();
    alarm.stop();
    long before = openDescriptors();
    for (int i = 0; i < 20; i++) {
      ListenerAlarm another = ListenerAlarm.start(listener, new ThreadSource(), () -> {});
      another.arm();
      another.stop();
    }
    assertThat(openDescriptors())
        .as("descriptors open after 20 alarms came and went")
        .isEqualTo(before);
    assertThat(alarmThreads()).as("threads named mtserver-listener-alarm").isZero();
  }

  private SocketChannel connect() throws IOException {
    return SocketChannel.open(listener.getLocalAddress());
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static long alarmThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("mtserver-listener-alarm"))
        .count();
  }
}
