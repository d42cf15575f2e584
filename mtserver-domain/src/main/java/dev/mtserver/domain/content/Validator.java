package dev.mtserver.domain.content;

import java.time.Instant;
import java.util.Objects;

/**
 * How a cache tells whether its copy of a file is the store's current one (RFC 9110 §8.8): the
 * strong entity tag and the modification time the store gives one version of the file. Each store
 * makes its own, as {@link LoadResourcePort} asks: an object store keeps a tag per object (its
 * {@code ETag}); a file system keeps none, and makes one from what it has ({@link
 * #fromModification}).
 *
 * @param entityTag changes whenever the bytes do; the same bytes keep it across restarts and, for a
 *     store several servers share, on every server
 * @param lastModified when the store last saw the bytes change, as precisely as it knows ({@code
 *     Last-Modified} is sent in whole seconds)
 */
public record Validator(EntityTag entityTag, Instant lastModified) {

  public Validator {
    Objects.requireNonNull(entityTag, "entityTag");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  /**
   * The validator of a store that keeps no tag of its own: a tag such as {@code
   * "6959b3c0.1dcd6500-400"}, the modification time (seconds and nanoseconds) and the size in hex.
   * Any edit changes the modification time, so two different contents never share a tag; an
   * untouched file keeps its tag across restarts (unlike a tag built from a hash that needs
   * reading, or a counter that does not survive). The file-system store has made exactly these tags
   * since its first version, so caches keep theirs.
   */
  public static Validator fromModification(Instant lastModified, long size) {
    EntityTag tag =
        new EntityTag(
            "\""
                + Long.toHexString(lastModified.getEpochSecond())
                + "."
                + Integer.toHexString(lastModified.getNano())
                + "-"
                + Long.toHexString(size)
                + "\"");
    return new Validator(tag, lastModified);
  }
}
