package dev.mtserver.domain.upload.named;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Inbound port: storing, replacing and removing a file of the uploads area by its name. A store is
 * asked twice per {@code PUT}: {@link #admitPut} before the body is read, {@link #put} to take it.
 */
public interface NamedFilesUseCase {

  /**
   * What may be done at {@code path}: empty when it is not a file name directly in the uploads
   * area; {@link NamedFileOperation#CREATE} alone where nobody signs in.
   */
  Set<NamedFileOperation> operationsAt(SitePath path);

  /** Whether the file may be received: where, under which name, replacing what. */
  PutDecision admitPut(PutCommand command) throws IOException;

  /**
   * Streams {@code body} to its end into the store, hidden, then publishes it as {@code accepted}
   * says. Whatever fails (the body, the store) leaves nothing visible and nothing replaced.
   *
   * @throws NameTakenException when the name was taken meanwhile (409)
   * @throws FileChangedException when the replaced file changed meanwhile (412)
   * @throws IOException what reading {@code body} threw, unchanged, or the store's failure
   */
  PutResult put(PutDecision.Accepted accepted, InputStream body) throws IOException;

  /** Removes the file at {@code path} if {@code condition} holds for it. */
  DeleteOutcome delete(SitePath path, WriteCondition condition) throws IOException;
}
