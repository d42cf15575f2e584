package dev.mtserver.domain.posting;

import java.util.Objects;

/**
 * What {@link AcceptUploadUseCase#admit} decided about a multipart form before its body is read:
 * one case per answer. A refusal here costs the client no upload and leaves nothing behind.
 */
public sealed interface UploadDecision {

  /**
   * Receive it ({@link AcceptUploadUseCase#receive}).
   *
   * @param command the form, as admitted
   * @param endpoint true when it was posted to the upload endpoint ({@link
   *     AcceptUploadService#ENDPOINT}) rather than to a page: there it must carry a file
   */
  record Accepted(UploadCommand command, boolean endpoint) implements UploadDecision {
    public Accepted {
      Objects.requireNonNull(command, "command");
    }
  }

  /** Neither the upload endpoint nor a page a GET would serve: 404. */
  record NotFound() implements UploadDecision {}

  /**
   * The body the client announced is larger than the room the upload store has left: 507, without
   * reading it.
   *
   * @param declaredLength what the client announced
   * @param usableSpace what the store said it can still take
   */
  record InsufficientStorage(long declaredLength, long usableSpace) implements UploadDecision {}
}
