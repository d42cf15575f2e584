package dev.mtserver.domain.upload.named;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.upload.PendingUpload;
import java.io.IOException;

/**
 * A pending upload that ends under exactly the name it was begun with: new, or replacing the file
 * there. As with any {@link PendingUpload}, nothing is visible until one of these succeeds, and
 * whatever fails leaves the file system as it was and this upload aborted.
 */
public interface NamedPendingUpload extends PendingUpload {

  /**
   * Makes the file durable, then visible under its name, which must be free: an existing file is
   * never replaced, even one that appears at the same moment.
   *
   * @throws NameTakenException when the name is taken
   */
  PublishedFile commitNew() throws IOException;

  /**
   * Makes the file durable, then puts it in place of the file of its name in one atomic step, if
   * that file's entity tag is still {@code expected}: a reader sees the old bytes or the new ones,
   * never a mix and never nothing.
   *
   * @throws FileChangedException when the file is gone or its tag is another
   */
  PublishedFile commitReplacing(EntityTag expected) throws IOException;
}
