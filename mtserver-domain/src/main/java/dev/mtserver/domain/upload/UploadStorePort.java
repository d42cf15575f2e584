package dev.mtserver.domain.upload;

import java.io.IOException;

/**
 * Outbound port: where uploaded files are kept. Each file goes through begin, write, then commit
 * or abort ({@link PendingUpload}); a file is visible under its final name only after a
 * successful commit, and only ever complete.
 *
 * <p>Implementations remove what a crashed server left half-written when they start.
 */
public interface UploadStorePort {

  /**
   * Starts a file that will be stored under {@code safeName} or a numbered variant of it.
   *
   * @param safeName a name already passed through {@link FileNameSanitizer#sanitize}
   */
  PendingUpload begin(String safeName) throws IOException;

  /** Bytes the store can still take, or {@code Long.MAX_VALUE} when it cannot tell. */
  long usableSpace() throws IOException;
}
