package dev.mtserver.domain.upload;

import java.io.IOException;

/**
 * One file being received: its bytes go to a place nobody can see until {@link #commit}. Its
 * states: writing ({@link #write}), sealed ({@link #seal}: every byte is in, nothing more may be
 * written), then committed or aborted. Exactly one of {@link #commit} or {@link #abort} ends it;
 * {@link #abort} after a commit does nothing. One thread owns a pending upload.
 *
 * <p>A request's files all wait for the request to end before any is committed, so a request of
 * many files has many pending uploads at once: {@link #seal} lets a store give back what a file
 * holds while it is being written (an open file, a buffer) as soon as its last byte is in.
 */
public interface PendingUpload {

  /** Appends bytes. Throws {@link StorageFullException} when the store is full. */
  void write(byte[] bytes, int offset, int length) throws IOException;

  /**
   * Says every byte has been written: the store makes them durable and releases what it held to
   * receive them; the file stays invisible until {@link #commit}. On failure the upload is aborted.
   * Throws {@link StorageFullException} when the store is full.
   */
  void seal() throws IOException;

  /** Bytes written so far. */
  long size();

  /**
   * Makes the file durable (sealing it first if need be), then visible under a free name derived
   * from the name it was begun with, tried in the order of {@link NameCandidates} ({@code
   * report.pdf}, else {@code report (1).pdf}, ...). An existing file is never replaced, even when
   * another upload of the same name commits at the same moment.
   */
  StoredFile commit() throws IOException;

  /** Throws the bytes away. Never fails; safe to call more than once. */
  void abort();
}
