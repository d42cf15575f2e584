package dev.mtserver.domain.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.path.SitePath;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidatorTest {

  private static Validator fileSystem(long size, Instant modified) {
    return Validator.fromModification(modified, size);
  }

  @Test
  void a_store_without_tags_gets_one_from_the_modification_time_and_size_exactly_as_before() {
    Instant t = Instant.parse("2026-01-01T00:00:00.123456789Z");
    EntityTag tag = fileSystem(1024, t).entityTag();

    // byte for byte the tag the file-system store has always sent, so caches keep theirs
    assertThat(tag.value()).isEqualTo("\"6955b900.75bcd15-400\"");
    assertThat(fileSystem(1024, t).entityTag()).isEqualTo(tag);
    assertThat(fileSystem(1025, t).entityTag()).isNotEqualTo(tag);
    assertThat(fileSystem(1024, t.plusNanos(1)).entityTag()).isNotEqualTo(tag);
    assertThat(fileSystem(1024, t.plusSeconds(1)).entityTag()).isNotEqualTo(tag);
    assertThat(fileSystem(1024, t).lastModified()).isEqualTo(t);
  }

  @Test
  void a_store_that_keeps_its_own_entity_tag_supplies_it_and_a_variant_keeps_it() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Resource stored =
        new Resource(
            SitePath.parse("/a.txt"),
            3,
            MediaTypes.DEFAULT,
            new Validator(new EntityTag("\"b8a9f715dbb64fd5c56e7783c6820a61\""), t),
            () -> {
              throw new UnsupportedOperationException();
            });

    assertThat(stored.validator().entityTag().value())
        .isEqualTo("\"b8a9f715dbb64fd5c56e7783c6820a61\"");
    assertThat(stored.withMediaType("text/plain").validator()).isEqualTo(stored.validator());
    assertThat(
            new ContentOutcome.Found(stored, Optional.of(ContentCoding.GZIP), true)
                .entityTag()
                .value())
        .isEqualTo("\"b8a9f715dbb64fd5c56e7783c6820a61-gzip\"");
  }

  @Test
  void an_entity_tag_must_be_quoted_and_strong() {
    for (String bad : new String[] {"abc", "W/\"abc\"", "\"a\"b\"", "\"a b\"", "\""}) {
      assertThatThrownBy(() -> new EntityTag(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void a_tag_a_store_sends_bare_is_quoted_and_one_that_cannot_be_strong_is_dropped() {
    assertThat(EntityTag.fromStore("abc")).contains(new EntityTag("\"abc\""));
    assertThat(EntityTag.fromStore("\"abc\"")).contains(new EntityTag("\"abc\""));
    assertThat(EntityTag.fromStore("W/\"abc\"")).isEmpty();
    assertThat(EntityTag.fromStore("a b")).isEmpty();
    assertThat(EntityTag.fromStore("")).isEmpty();
    assertThat(EntityTag.fromStore(null)).isEmpty();
  }
}
