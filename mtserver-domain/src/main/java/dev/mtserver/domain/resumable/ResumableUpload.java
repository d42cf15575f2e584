package dev.mtserver.domain.resumable;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.upload.StoredFile;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One resumable upload as its store has durably recorded it.
 *
 * <p>Its life: <em>receiving</em> (bytes arrive at {@link #offset}; the length may still be
 * deferred), then, once every byte is in, <em>published</em>: the file has been given a name in the
 * uploads area ({@link #stored}), and this record only remembers where, until it expires. An upload
 * whose bytes are all in but that is not published yet (a crash or a failure in between) is
 * published by the next request that looks at it, or by the sweep.
 *
 * @param length the size of the whole upload, or empty while the client defers it
 * @param offset how many bytes are durably kept; never more than {@code length}
 * @param expires when an unfinished upload is given up, or a published one forgotten; moved forward
 *     by each accepted chunk
 * @param stored the published file, once there is one
 */
public record ResumableUpload(
    UploadId id,
    OptionalLong length,
    UploadMetadata metadata,
    Instant created,
    long offset,
    Instant expires,
    Optional<StoredFile> stored) {

  public ResumableUpload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(stored, "stored");
    checkArgument(offset >= 0, "offset must not be negative");
    checkArgument(length.isEmpty() || length.getAsLong() >= offset, "offset beyond length");
    checkArgument(
        stored.isEmpty() || hasAllBytes(length, offset), "published before its last byte");
  }

  /** A new, empty upload. */
  public static ResumableUpload started(
      UploadId id, OptionalLong length, UploadMetadata metadata, Instant created, Instant expires) {
    return new ResumableUpload(id, length, metadata, created, 0, expires, Optional.empty());
  }

  public boolean isLengthDeferred() {
    return length.isEmpty();
  }

  /** True when every byte of a known length is in (published or not). */
  public boolean hasAllBytes() {
    return hasAllBytes(length, offset);
  }

  private static boolean hasAllBytes(OptionalLong length, long offset) {
    return length.isPresent() && offset == length.getAsLong();
  }

  /** True once the file has a name in the uploads area. */
  public boolean isPublished() {
    return stored.isPresent();
  }

  /** True from {@link #expires} on. */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expires);
  }

  /**
   * What an unfinished upload counts against the bound on unfinished bytes: its length when known
   * (the space it will need), else what it holds so far; nothing once published.
   */
  public long reservedBytes() {
    return isPublished() ? 0 : length.orElse(offset);
  }

  /** This upload with {@code offset} bytes kept, expiring at {@code expires}. */
  public ResumableUpload withProgress(long offset, Instant expires) {
    return new ResumableUpload(id, length, metadata, created, offset, expires, stored);
  }

  /** This upload with its deferred length now known. */
  public ResumableUpload withLength(long length) {
    checkArgument(this.length.isEmpty(), "the length is known already");
    return new ResumableUpload(
        id, OptionalLong.of(length), metadata, created, offset, expires, stored);
  }

  /** This upload published as {@code file}, remembered until {@code expires}. */
  public ResumableUpload published(StoredFile file, Instant expires) {
    return new ResumableUpload(id, length, metadata, created, offset, expires, Optional.of(file));
  }
}
