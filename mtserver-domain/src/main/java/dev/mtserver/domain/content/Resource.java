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
 * @param lastModified its modification time, as precisely as the store knows it
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

  /**
   * A strong entity tag, quoted, such as {@code "6959b3c0.1dcd6500-400"}: the modification time
   * (seconds and nanoseconds) and the size, in hex. Any edit changes the modification time, so two different
   * contents never share a tag; an untouched file keeps its tag across restarts (unlike a tag
   * built from a hash that needs reading, or a counter that does not survive).
   */
  public String entityTag() {
    return "\"" + Long.toHexString(lastModified.getEpochSecond()) + "."
        + Integer.toHexString(lastModified.getNano()) + "-" + Long.toHexString(size) + "\"";
  }

  /** The same file described with another media type (a precompressed sibling keeps the original's). */
  public Resource withMediaType(String type) {
    return new Resource(path, size, lastModified, type, source);
  }
}
