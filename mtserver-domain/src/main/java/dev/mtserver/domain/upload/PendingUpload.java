package dev.mtserver.domain.upload;

import java.io.IOException;

/**
 * One file being received: its bytes go to a place nobody can see until {@link #commit}. Exactly
 * one of {@link #commit} or {@link #abort} ends it; {@link #abort} after a commit does nothing.
 * One thread owns a pending upload.
 */
public interface PendingUpload {

  /** Appends bytes. Throws {@link StorageFullException} when the store is full. */
  void write(byte[] bytes, int offset, int length) throws IOException;

  /** Bytes written so far. */
  long size();

  /**
   * Makes the file durable, then visible under a free name derived from the name it was begun
   * with ({@code report.pdf}, else {@code report (1).pdf}, ...). An existing file is never
   * replaced, even when another upload of the same name commits at the same moment.
   */
  StoredFile commit() throws IOException;

  /** Throws the bytes away. Never fails; safe to call more than once. */
  void abort();
}
