package dev.mtserver.domain.resumable;

import java.io.IOException;
import java.time.Instant;

/**
 * The bytes of one chunk on their way into a held upload ({@link HeldUpload#startChunk}). Written
 * bytes count for nothing until {@link #keep}; {@link #discard} throws away everything written
 * since the last keep. Used by one thread.
 */
public interface ChunkSink {

  /**
   * Appends bytes after those written so far. Throws {@link
   * dev.mtserver.domain.upload.StorageFullException} when the store is full.
   */
  void write(byte[] bytes, int offset, int length) throws IOException;

  /** Bytes written since the last {@link #keep} (or the start). */
  long pending();

  /**
   * Makes every byte written so far durable, then records the new offset and {@code expires},
   * durably too; only then returns the upload as it now stands. May be called more than once (a
   * long chunk is kept in stages).
   */
  ResumableUpload keep(Instant expires) throws IOException;

  /** Throws away what was written since the last {@link #keep}. Never fails. */
  void discard();
}
