package dev.mtserver.domain.resumable;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadIdTest {

  @Test
  void random_ids_are_128_bits_in_lower_case_hex_and_differ() {
    SecureRandom random = new SecureRandom();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = UploadId.random(random).value();
      assertThat(id).matches("[0-9a-f]{32}");
      assertThat(seen.add(id)).isTrue();
    }
  }

  @Test
  void parses_only_what_it_could_have_made() {
    assertThat(UploadId.parse("24e533e02ec3bc40c387f1a0e460e216")).isPresent();
    assertThat(UploadId.parse("24E533E02EC3BC40C387F1A0E460E216")).as("upper case").isEmpty();
    assertThat(UploadId.parse("24e533e02ec3bc40c387f1a0e460e21")).as("short").isEmpty();
    assertThat(UploadId.parse("..%2f..%2fetc%2fpasswd")).isEmpty();
    assertThat(UploadId.parse("")).isEmpty();
    assertThat(UploadId.parse(null)).isEmpty();
  }
}
