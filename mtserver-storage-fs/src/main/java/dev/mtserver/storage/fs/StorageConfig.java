package dev.mtserver.storage.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the file-system adapter keeps things.
 *
 * @param root the site root that is served
 * @param uploads where uploaded files are stored (by default {@code root/downloads})
 * @param data where the server keeps its own records, such as form submissions
 */
public record StorageConfig(Path root, Path uploads, Path data) {

  public StorageConfig {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(data, "data");
  }
}
