package dev.mtserver.domain.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourceTest {

  private static Resource resource(long size, Instant modified) {
    return new Resource(SitePath.parse("/a.txt"), size, modified, MediaTypes.DEFAULT, () -> {
      throw new UnsupportedOperationException();
    });
  }

  @Test
  void the_entity_tag_is_strong_and_changes_with_the_modification_time_or_the_size() {
    Instant t = Instant.parse("2026-01-01T00:00:00.123456789Z");
    String tag = resource(1024, t).entityTag();

    assertThat(tag).matches("\"[0-9a-f]+\\.[0-9a-f]+-[0-9a-f]+\"");
    assertThat(resource(1024, t).entityTag()).isEqualTo(tag);
    assertThat(resource(1025, t).entityTag()).isNotEqualTo(tag);
    assertThat(resource(1024, t.plusNanos(1)).entityTag()).isNotEqualTo(tag);
    assertThat(resource(1024, t.plusSeconds(1)).entityTag()).isNotEqualTo(tag);
  }
}
