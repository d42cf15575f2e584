package dev.mtserver.domain.upload;

import java.io.IOException;

/**
 * Outbound port: where uploaded files are kept. Each file goes through begin, write, then commit or
 * abort ({@link PendingUpload}); a file is visible under its final name only after a successful
 * commit, and only ever complete.
 *
 * <p>A store is shared by every worker: many uploads are pending at once, each owned by one thread;
 * what a pending upload holds while it is written (a file, a buffer) it gives back when {@linkplain
 * PendingUpload#seal sealed}, so a request of many files holds one at a time. Names are claimed
 * without ever replacing a file, however many uploads race for one ({@link NameCandidates}).
 * Implementations remove what a crashed server left half-written when they start. A store that
 * cannot answer now throws {@link dev.mtserver.domain.store.StoreUnavailableException} (the upload
 * is answered 503 with {@code Retry-After}), one that is full {@link StorageFullException} (507).
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

  /**
   * Where the files this store publishes appear in the site, if they do: the store knows where it
   * keeps them, and its configuration where that is among the site's files (a directory below the
   * site root, a prefix below the site's prefix). Everything there is served as data and never run
   * ({@link UploadArea}).
   */
  UploadArea area();
}
