package dev.mtserver.domain.upload.named;

import dev.mtserver.domain.path.SitePath;
import java.util.Objects;
import java.util.Optional;

/**
 * A file stored by name.
 *
 * @param file what was published, with its new entity tag
 * @param location where the site serves it; empty when the uploads directory is outside the site
 * @param replaced true when it took the place of an earlier file of its name
 */
public record PutResult(PublishedFile file, Optional<SitePath> location, boolean replaced) {

  public PutResult {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(location, "location");
  }
}
