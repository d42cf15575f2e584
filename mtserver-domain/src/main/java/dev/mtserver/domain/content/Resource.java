package dev.mtserver.domain.content;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.path.SitePath;
import java.time.Instant;
import java.util.Objects;

/**
 * A regular file below the site root, as metadata plus a way to open it.
 *
 * @param path where it lives in the site
 * @param size its length in bytes when it was looked up
 * @param lastModified its modification time, truncated to what the store knows
 * @param mediaType the {@code Content-Type} to send, such as {@code text/html; charset=utf-8}
 * @param source opens the bytes
 */
public record Resource(
    SitePath path, long size, Instant lastModified, String mediaType, ContentSource source) {

  public Resource {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(source, "source");
    checkArgument(size >= 0, "size must not be negative");
  }
}
