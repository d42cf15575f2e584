package dev.mtserver.domain.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeferredSecureRandomTest {

  @Test
  void making_one_makes_no_generator_and_the_first_draw_does() {
    DeferredSecureRandom random = new DeferredSecureRandom();
    assertThat(random.started()).isFalse();

    random.nextLong();

    assertThat(random.started()).isTrue();
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
