package dev.mtserver.http.site.named;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.upload.named.TagCondition;
import dev.mtserver.domain.upload.named.WriteCondition;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.conditional.EntityTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code If-Match} and {@code If-None-Match} of a write, as the domain compares them: {@code *}, or
 * the strong tags listed. A weak tag never matches (writes compare strongly, RFC 9110 §13.1.1), so
 * {@code If-Match: W/"x"} names no version and fails.
 */
final class WriteConditions {

  private WriteConditions() {}

  static WriteCondition of(HttpFields headers) {
    return new WriteCondition(field(headers.all("If-Match")), field(headers.all("If-None-Match")));
  }

  private static Optional<TagCondition> field(List<String> lines) {
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    List<EntityTag> tags = new ArrayList<>();
    for (String member : EntityTags.members(lines)) {
      if (member.equals("*")) {
        return Optional.of(TagCondition.anyTag());
      }
      if (EntityTag.isStrong(member)) {
        tags.add(new EntityTag(member));
      }
    }
    return Optional.of(TagCondition.of(tags));
  }
}
