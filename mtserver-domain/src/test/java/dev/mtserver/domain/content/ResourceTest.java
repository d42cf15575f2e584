package dev.mtserver.domain.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.path.SitePath;
import java.time.Instant;
import java.util.Optional;
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

  @Test
  void a_store_that_keeps_its_own_entity_tag_supplies_it_and_a_variant_keeps_it() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Resource stored = new Resource(SitePath.parse("/a.txt"), 3, t, MediaTypes.DEFAULT, () -> {
      throw new UnsupportedOperationException();
    }, Optional.of("\"b8a9f715dbb64fd5c56e7783c6820a61\""));

    assertThat(stored.entityTag()).isEqualTo("\"b8a9f715dbb64fd5c56e7783c6820a61\"");
    assertThat(stored.withMediaType("text/plain").entityTag()).isEqualTo(stored.entityTag());
    assertThat(new ContentOutcome.Found(stored, Optional.of(ContentCoding.GZIP), true).entityTag())
        .isEqualTo("\"b8a9f715dbb64fd5c56e7783c6820a61-gzip\"");
  }

  @Test
  void a_store_entity_tag_must_be_quoted_and_strong() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (String bad : new String[] {"abc", "W/\"abc\"", "\"a\"b\"", "\"a b\"", "\""}) {
      assertThatThrownBy(() -> new Resource(SitePath.parse("/a.txt"), 3, t, MediaTypes.DEFAULT, () -> {
        throw new UnsupportedOperationException();
      }, Optional.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
