package dev.mtserver.http.site.named;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.upload.named.TagCondition;
import dev.mtserver.domain.upload.named.WriteCondition;
import dev.mtserver.http.codec.HttpFields;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WriteConditionsTest {

  private static final EntityTag A = new EntityTag("\"a\"");
  private static final EntityTag B = new EntityTag("\"b\"");

  @Test
  void no_fields_no_conditions() {
    assertThat(WriteConditions.of(new HttpFields())).isEqualTo(WriteCondition.NONE);
  }

  @Test
  void a_star_matches_any_version() {
    WriteCondition condition =
        WriteConditions.of(new HttpFields().add("If-None-Match", "*").add("If-Match", "\"a\", *"));

    assertThat(condition.ifNoneMatch()).contains(TagCondition.anyTag());
    assertThat(condition.ifMatch()).contains(TagCondition.anyTag());
  }

  @Test
  void strong_tags_are_kept_from_every_line_and_weak_ones_never_match() {
    WriteCondition condition =
        WriteConditions.of(
            new HttpFields().add("If-Match", "W/\"a\", \"b\"").add("If-Match", " ,\"a\""));

    assertThat(condition.ifMatch()).contains(TagCondition.of(List.of(B, A)));
    assertThat(condition.holdsFor(Optional.of(A))).isTrue();
    assertThat(
            WriteConditions.of(new HttpFields().add("If-Match", "W/\"a\""))
                .holdsFor(Optional.of(A)))
        .isFalse();
  }

  @Test
  void a_malformed_member_ends_its_line_and_an_unmatched_list_fails() {
    WriteCondition condition =
        WriteConditions.of(new HttpFields().add("If-Match", "\"b\"junk, \"a\""));

    assertThat(condition.ifMatch()).contains(TagCondition.of(List.of(B)));
    assertThat(condition.holdsFor(Optional.of(A))).isFalse();
    assertThat(condition.holdsFor(Optional.empty())).isFalse();
  }
}
