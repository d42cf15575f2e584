package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineWatchdogTest {

  private static TransportConfig.Builder config() {
    return TransportConfig.builder(InetAddress.getLoopbackAddress());
  }

  @Test
  void the_tick_is_an_eighth_of_the_shortest_timeout() {
    TransportConfig config =
        config().headerTimeout(Duration.ofMillis(800)).closeLinger(Duration.ofSeconds(5)).build();

    assertThat(Duration.ofNanos(DeadlineWatchdog.tickNanos(config)))
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void the_tick_stays_between_10_ms_and_a_quarter_second() {
    TransportConfig tiny = config().writeTimeout(Duration.ofMillis(1)).build();
    TransportConfig defaults = config().build();

    assertThat(Duration.ofNanos(DeadlineWatchdog.tickNanos(tiny))).isEqualTo(Duration.ofMillis(10));
    assertThat(Duration.ofNanos(DeadlineWatchdog.tickNanos(defaults)))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void a_zero_linger_does_not_count_as_the_shortest_timeout() {
    TransportConfig config = config().closeLinger(Duration.ZERO).build();

    assertThat(Duration.ofNanos(DeadlineWatchdog.tickNanos(config)))
        .isEqualTo(Duration.ofMillis(250));
  }
}
