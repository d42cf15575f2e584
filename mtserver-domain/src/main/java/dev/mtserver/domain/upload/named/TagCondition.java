package dev.mtserver.domain.upload.named;

import com.google.common.collect.ImmutableSet;
import dev.mtserver.domain.content.EntityTag;
import java.util.Objects;
import java.util.Optional;

/**
 * One of {@code If-Match} or {@code If-None-Match} as a write sees it (RFC 9110 §13.1.1, §13.1.2):
 * {@code *}, or a list of strong tags (weak tags never match a write's strong comparison, so the
 * HTTP layer leaves them out).
 *
 * @param any the field was {@code *}: it matches whenever the file exists
 * @param tags the strong tags listed
 */
public record TagCondition(boolean any, ImmutableSet<EntityTag> tags) {

  public TagCondition {
    Objects.requireNonNull(tags, "tags");
  }

  /** {@code *}. */
  public static TagCondition anyTag() {
    return new TagCondition(true, ImmutableSet.of());
  }

  /** A list of strong tags. */
  public static TagCondition of(Iterable<EntityTag> tags) {
    return new TagCondition(false, ImmutableSet.copyOf(tags));
  }

  /** Whether the file whose tag is {@code current} (empty: there is none) matches. */
  public boolean matches(Optional<EntityTag> current) {
    return current.isPresent() && (any || tags.contains(current.get()));
  }
}
