package dev.mtserver.domain.upload.named;

import dev.mtserver.domain.content.EntityTag;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link NamedFilesUseCase#admitPut} decided before the body is read: one case per answer. A
 * refusal here costs the client no body (no {@code 100 Continue}) and leaves nothing behind.
 */
public sealed interface PutDecision {

  /**
   * Read the body and store it ({@link NamedFilesUseCase#put}).
   *
   * @param name the sanitised name it will be stored under
   * @param replacing the tag of the file it replaces, checked again when it is put in place; empty
   *     when the name must be free
   */
  record Accepted(String name, Optional<EntityTag> replacing) implements PutDecision {
    public Accepted {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(replacing, "replacing");
    }
  }

  /** Not a file name directly in the uploads area: nothing may be stored there (405). */
  record NotWritable() implements PutDecision {}

  /** A replacement, on a server where nobody signs in: replacing is not offered (405). */
  record NotAllowed() implements PutDecision {}

  /** The name is taken and the client did not say which version it replaces (409). */
  record Conflict(String name) implements PutDecision {}

  /** {@code If-Match} or {@code If-None-Match} does not hold (412). */
  record PreconditionFailed(String name) implements PutDecision {}

  /** The announced body is larger than the room the store has left (507). */
  record InsufficientStorage(long declaredLength, long usableSpace) implements PutDecision {}
}
