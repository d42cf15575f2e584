package dev.mtserver.storage.fs;

import dev.mtserver.domain.upload.StorageFullException;
import java.io.IOException;
import java.nio.file.FileSystemException;

/** Recognises "the disk is full" among the JDK's I/O errors, which give only the OS message. */
final class StorageErrors {

  private StorageErrors() {}

  /** True for ENOSPC ("No space left on device") and EDQUOT ("Disk quota exceeded"). */
  static boolean isFull(IOException e) {
    String reason =
        e instanceof FileSystemException fse && fse.getReason() != null
            ? fse.getReason()
            : e.getMessage();
    return StorageFullException.meansFull(reason);
  }

  /** {@code e} as a {@link StorageFullException} when it means the disk is full, else itself. */
  static IOException classify(IOException e) {
    return isFull(e) ? new StorageFullException("storage is full", e) : e;
  }
}
