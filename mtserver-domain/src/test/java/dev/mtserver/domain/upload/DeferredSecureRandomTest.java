package dev.mtserver.domain.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredSecureRandomTest {

  @Test
  void the_generator_is_made_at_the_first_draw_and_only_once() {
    AtomicInteger made = new AtomicInteger();
    DeferredSecureRandom random =
        new DeferredSecureRandom(
            () -> {
              made.incrementAndGet();
              return new SecureRandom();
            });
    assertThat(made).hasValue(0);

    random.nextLong();
    random.nextBytes(new byte[8]);

    assertThat(made).hasValue(1);
  }

  @Test
  void its_draws_are_the_default_generators_not_a_fixed_sequence() {
    Set<Long> first = new HashSet<>();
    Set<Long> second = new HashSet<>();
    DeferredSecureRandom one = new DeferredSecureRandom();
    DeferredSecureRandom other = new DeferredSecureRandom();
    for (int i = 0; i < 64; i++) {
      first.add(one.nextLong());
      second.add(other.nextLong());
    }
    assertThat(first).hasSize(64).doesNotContainAnyElementsOf(second);
    byte[] bytes = new byte[32];
    one.nextBytes(bytes);
    assertThat(bytes).isNotEqualTo(new byte[32]);
    assertThat(one.generateSeed(16)).hasSize(16);
  }
}
