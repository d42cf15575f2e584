package dev.mtserver.domain.resumable;

import java.io.IOException;
import java.time.Instant;

/**
 * An upload taken by one holder ({@link ResumableUploadStorePort#hold}); nobody else changes it, in
 * this process or another, until {@link #close}. Used by one thread.
 */
public interface HeldUpload extends AutoCloseable {

  /** The upload as it stands, read when it was taken and kept current by every change since. */
  ResumableUpload upload();

  /**
   * Starts a chunk at {@link ResumableUpload#offset}; anything beyond that offset (left by a
   * discarded chunk or a crash) is dropped first. One chunk at a time.
   */
  ChunkSink startChunk() throws IOException;

  /** Records the length of an upload whose length was deferred; durable when this returns. */
  ResumableUpload declareLength(long length) throws IOException;

  /**
   * Publishes an upload whose every byte is in: the whole file becomes visible in the uploads area
   * under {@code safeName} or the first free variant of it, never replacing anything, and the
   * upload records where, to be remembered until {@code expires}. Its hidden bytes are gone
   * afterwards.
   *
   * @param safeName a name already passed through {@link
   *     dev.mtserver.domain.upload.FileNameSanitizer#sanitize}
   */
  ResumableUpload publish(String safeName, Instant expires) throws IOException;

  /** Removes the upload and its hidden bytes (never a published file). */
  void delete() throws IOException;

  /** Lets go of the upload. Never fails. */
  @Override
  void close();
}
