package dev.mtserver.domain.content;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.path.SitePath;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A regular file below the site root, as metadata plus a way to open it.
 *
 * @param path where it lives in the site
 * @param size its length in bytes when it was looked up
 * @param lastModified its modification time, as precisely as the store knows it
 * @param mediaType the {@code Content-Type} to send, such as {@code text/html; charset=utf-8}
 * @param source opens the bytes
 * @param storeEntityTag the strong entity tag the store itself keeps for these bytes, quoted (an
 *     object store's {@code ETag}); empty when the store has none, and then {@link #entityTag}
 *     is made from the modification time and size. Issue 14 will formalise how a store supplies
 *     its validators; until then this is the one place a store may.
 */
public record Resource(
    SitePath path,
    long size,
    Instant lastModified,
    String mediaType,
    ContentSource source,
    Optional<String> storeEntityTag) {

  public Resource {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(storeEntityTag, "storeEntityTag");
    checkArgument(size >= 0, "size must not be negative");
    storeEntityTag.ifPresent(tag -> checkArgument(isStrongEntityTag(tag),
        "not a quoted strong entity tag: %s", tag));
  }

  /** A file whose store keeps no entity tag of its own (a file system): see {@link #entityTag}. */
  public Resource(SitePath path, long size, Instant lastModified, String mediaType, ContentSource source) {
    this(path, size, lastModified, mediaType, source, Optional.empty());
  }

  /**
   * A strong entity tag, quoted. The store's own ({@link #storeEntityTag}) when it has one;
   * otherwise one such as {@code "6959b3c0.1dcd6500-400"}: the modification time (seconds and
   * nanoseconds) and the size, in hex. Any edit changes the modification time, so two different
   * contents never share a tag; an untouched file keeps its tag across restarts (unlike a tag
   * built from a hash that needs reading, or a counter that does not survive).
   */
  public String entityTag() {
    if (storeEntityTag.isPresent()) {
      return storeEntityTag.get();
    }
    return "\"" + Long.toHexString(lastModified.getEpochSecond()) + "."
        + Integer.toHexString(lastModified.getNano()) + "-" + Long.toHexString(size) + "\"";
  }

  /** The same file described with another media type (a precompressed sibling keeps the original's). */
  public Resource withMediaType(String type) {
    return new Resource(path, size, lastModified, type, source, storeEntityTag);
  }

  /**
   * True for {@code "..."} holding only the characters RFC 9110 §8.8.3 allows inside an entity
   * tag ({@code !}, {@code #} to {@code ~}, and bytes above 0x7F): no weak prefix, no inner quote,
   * no space or control character, so it can be sent as is and compared byte for byte.
   */
  public static boolean isStrongEntityTag(String tag) {
    if (tag.length() < 2 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
      return false;
    }
    for (int i = 1; i < tag.length() - 1; i++) {
      char c = tag.charAt(i);
      if (!(c == 0x21 || (c >= 0x23 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) {
        return false;
      }
    }
    return true;
  }
}
