package dev.mtserver.app;

import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.form.AppendSubmissionPort;
import dev.mtserver.domain.upload.UploadStorePort;

/**
 * Wraps the storage adapters that {@link MtServer} builds before it wires them: the seam through
 * which fault-injection tests put a failing or slow disk under the real server (a full disk, an I/O
 * error halfway through a write, a disk that takes seconds per write). Each method receives the
 * real file-system adapter and returns what the server should use instead; the defaults return it
 * unchanged, and the command line always uses {@link #NONE}.
 *
 * <p>The server still owns the real adapters: it creates them, lets them clean up at start (stale
 * temporary uploads, a torn last line in the submission log) and closes them at shutdown.
 */
public interface StorageDecorator {

  /** Uses every adapter as built. */
  StorageDecorator NONE = new StorageDecorator() {};

  /** The static files (and the page lookups of form posts). */
  default LoadResourcePort content(LoadResourcePort files) {
    return files;
  }

  /** The store that uploaded files stream into. */
  default UploadStorePort uploads(UploadStorePort store) {
    return store;
  }

  /** The log that form submissions are appended to. */
  default AppendSubmissionPort submissions(AppendSubmissionPort log) {
    return log;
  }
}
