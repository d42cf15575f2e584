package dev.mtserver.domain.posting;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.path.SitePath;
import java.util.Objects;
import java.util.Optional;

/**
 * A file an upload stored, and where a client can fetch it.
 *
 * @param name its final name in the upload store (sanitised, never one already taken)
 * @param size its length in bytes
 * @param location its path in the site, such as {@code /downloads/report.pdf}; empty when the
 *     store's files do not appear in the site
 */
public record UploadedFile(String name, long size, Optional<SitePath> location) {

  public UploadedFile {
    Objects.requireNonNull(name, "name");
    checkArgument(size >= 0, "size must not be negative");
    Objects.requireNonNull(location, "location");
  }
}
