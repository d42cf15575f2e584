package dev.mtserver.domain.upload.named;

/** What {@link NamedFilesUseCase#delete} did: one case per answer. */
public sealed interface DeleteOutcome {

  /** The file is gone, durably (204). */
  record Deleted() implements DeleteOutcome {}

  /** Not a file name directly in the uploads area: nothing is removed there (405). */
  record NotWritable() implements DeleteOutcome {}

  /** A server where nobody signs in: removing is not offered (405). */
  record NotAllowed() implements DeleteOutcome {}

  /** No stored file has that name (404). */
  record NotFound() implements DeleteOutcome {}

  /** {@code If-Match} or {@code If-None-Match} does not hold (412); nothing was removed. */
  record PreconditionFailed() implements DeleteOutcome {}
}
