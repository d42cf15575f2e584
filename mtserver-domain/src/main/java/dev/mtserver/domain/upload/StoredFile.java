package dev.mtserver.domain.upload;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * A file that was stored and is now visible under its final name.
 *
 * @param name the final file name in the uploads directory (sanitised, never already taken)
 * @param size its length in bytes
 */
public record StoredFile(String name, long size) {

  public StoredFile {
    Objects.requireNonNull(name, "name");
    checkArgument(size >= 0, "size must not be negative");
  }
}
