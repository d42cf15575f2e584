package dev.mtserver.domain.upload;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.InputStream;

/**
 * The files of one upload request. Each {@link #add} streams one file to hidden, temporary storage;
 * {@link #commit} makes them all visible; {@link #close} throws away whatever was not committed, so
 * a request that fails halfway (a client that disconnects, a body that is too large, a malformed
 * part) leaves nothing behind.
 */
public interface UploadBatch extends AutoCloseable {

  /**
   * Streams {@code content} to the end into temporary storage, then seals it ({@link
   * PendingUpload#seal}): a request holds open only the file it is receiving, however many it has
   * received.
   *
   * @param clientFileName the name the client gave, unsanitised (may be {@code ""})
   * @return the number of bytes stored
   */
  long add(String clientFileName, InputStream content) throws IOException;

  /** How many files were added and not yet committed or thrown away. */
  int size();

  /** Makes every added file durable and visible, in the order added. */
  ImmutableList<StoredFile> commit() throws IOException;

  /** Throws away every file not committed. Never fails. */
  @Override
  void close();
}
