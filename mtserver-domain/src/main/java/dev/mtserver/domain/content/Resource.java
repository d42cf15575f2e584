package dev.mtserver.domain.content;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.path.SitePath;
import java.time.Instant;
import java.util.Objects;

/**
 * A regular file in the site, as a store describes it: metadata, the validator the store gives this
 * version of it, and a way to read its bytes.
 *
 * @param path where it lives in the site
 * @param size its length in bytes when it was looked up
 * @param mediaType the {@code Content-Type} to send, such as {@code text/html; charset=utf-8}
 * @param validator the entity tag and modification time the store gives these bytes
 * @param source reads the bytes
 */
public record Resource(
    SitePath path, long size, String mediaType, Validator validator, ContentSource source) {

  public Resource {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(source, "source");
    checkArgument(size >= 0, "size must not be negative");
  }

  /** Its modification time, as the store knows it: the validator's. */
  public Instant lastModified() {
    return validator.lastModified();
  }

  /**
   * The same file described with another media type (a precompressed sibling keeps the original's).
   */
  public Resource withMediaType(String type) {
    return new Resource(path, size, type, validator, source);
  }
}
