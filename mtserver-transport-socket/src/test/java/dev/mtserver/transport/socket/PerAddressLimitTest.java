package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PerAddressLimitTest {

  private final InetAddress one = InetAddress.getLoopbackAddress();
  private final InetAddress other = addressOf("127.0.0.2");

  @Test
  void an_address_gets_its_share_and_no_more_while_another_address_is_counted_apart() {
    PerAddressLimit limit = new PerAddressLimit(2);
    assertThat(limit.tryEnter(one)).isTrue();
    assertThat(limit.tryEnter(one)).isTrue();
    assertThat(limit.tryEnter(one)).as("the third from one address").isFalse();
    assertThat(limit.tryEnter(other)).isTrue();
    assertThat(limit.openFrom(one)).isEqualTo(2);

    limit.leave(one);
    assertThat(limit.tryEnter(one)).as("a connection that ended gives its share back").isTrue();
  }

  @Test
  void an_address_is_forgotten_with_its_last_connection() {
    PerAddressLimit limit = new PerAddressLimit(1);
    limit.tryEnter(one);
    limit.leave(one);
    assertThat(limit.openFrom(one)).isZero();
    assertThat(limit.tryEnter(one)).isTrue();
  }

  @Test
  void zero_means_no_limit_and_nothing_is_counted() {
    PerAddressLimit limit = new PerAddressLimit(0);
    for (int i = 0; i < 10_000; i++) {
      assertThat(limit.tryEnter(one)).isTrue();
    }
    assertThat(limit.openFrom(one)).isZero();
  }

  private static InetAddress addressOf(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
