package dev.mtserver.domain.upload.named;

import dev.mtserver.domain.content.EntityTag;
import java.util.Objects;
import java.util.Optional;

/**
 * The preconditions a write carries.
 *
 * @param ifMatch {@code If-Match}: the write is for this version of the file; to replace a file a
 *     client must name the version it replaces
 * @param ifNoneMatch {@code If-None-Match}: the write is not for this version ({@code *}: only if
 *     there is no file yet)
 */
public record WriteCondition(Optional<TagCondition> ifMatch, Optional<TagCondition> ifNoneMatch) {

  /** No precondition. */
  public static final WriteCondition NONE = new WriteCondition(Optional.empty(), Optional.empty());

  public WriteCondition {
    Objects.requireNonNull(ifMatch, "ifMatch");
    Objects.requireNonNull(ifNoneMatch, "ifNoneMatch");
  }

  /**
   * Whether the preconditions hold for the file whose tag is {@code current} (empty: there is
   * none), as RFC 9110 §13.2.2 evaluates them for a write: {@code If-Match} fails when it matches
   * nothing, {@code If-None-Match} when it matches.
   */
  public boolean holdsFor(Optional<EntityTag> current) {
    if (ifMatch.isPresent() && !ifMatch.get().matches(current)) {
      return false;
    }
    return ifNoneMatch.isEmpty() || !ifNoneMatch.get().matches(current);
  }
}
