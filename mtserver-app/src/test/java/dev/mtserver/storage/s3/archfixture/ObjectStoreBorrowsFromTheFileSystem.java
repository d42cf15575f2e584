package dev.mtserver.storage.s3.archfixture;

import dev.mtserver.storage.fs.FileSystemUploadStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Deliberately bad: one storage adapter reaching into another (spooling to the file-system store
 * instead of the domain's port); the app chooses adapters, never an adapter.
 */
public class ObjectStoreBorrowsFromTheFileSystem {
  public FileSystemUploadStore spool() throws IOException {
    return new FileSystemUploadStore(Path.of("spool"));
  }
}
