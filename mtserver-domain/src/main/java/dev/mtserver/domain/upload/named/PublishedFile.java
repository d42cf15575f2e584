package dev.mtserver.domain.upload.named;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.content.EntityTag;
import java.util.Objects;

/**
 * A file now visible under its name, as a client that named it is told.
 *
 * @param name its name in the uploads directory
 * @param size its length in bytes
 * @param entityTag the tag a GET of it serves now: what a later {@code If-Match} must carry
 */
public record PublishedFile(String name, long size, EntityTag entityTag) {

  public PublishedFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(entityTag, "entityTag");
    checkArgument(size >= 0, "size must not be negative");
  }
}
