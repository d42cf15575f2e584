package dev.mtserver.storage.fs;

import dev.mtserver.domain.resumable.UploadId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of one resumable upload in the store's directory, all named after its {@link UploadId}
 * (32 hex digits, so no client-chosen text ever reaches a file name):
 *
 * <ul>
 *   <li>{@code <id>.lock}: empty; its {@code fcntl} lock is held by whoever changes the upload. It
 *       is made first and removed last, so every other file of the upload exists only while it
 *       does.
 *   <li>{@code <id>.part}: the bytes received so far (and perhaps, after a crash, a tail beyond the
 *       durable offset, cut off before anything else is written).
 *   <li>{@code <id>.progress}: the durable offset and the expiry ({@link ProgressFile}).
 *   <li>{@code <id>.info}: what does not change with each chunk: length, metadata, creation time,
 *       where the file was published ({@link UploadDescriptor}); replaced whole by a rename of
 *       {@code <id>.info.tmp}. An upload exists from the moment this file does.
 * </ul>
 */
final class ResumableFileNames {

  /** What a file of the store is. */
  enum Kind {
    LOCK(".lock"),
    PART(".part"),
    PROGRESS(".progress"),
    INFO(".info"),
    INFO_TEMP(".info.tmp");

    private final String suffix;

    Kind(String suffix) {
      this.suffix = suffix;
    }
  }

  /** A name of the store: the upload it belongs to and which of its files it is. */
  record Parsed(UploadId id, Kind kind) {}

  private static final int ID_LENGTH = UploadId.BITS / 4;

  private ResumableFileNames() {}

  static Path path(Path directory, UploadId id, Kind kind) {
    return directory.resolve(id.value() + kind.suffix);
  }

  /** The upload and kind {@code fileName} stands for; empty for a name the store never makes. */
  static Optional<Parsed> parse(String fileName) {
    if (fileName.length() <= ID_LENGTH) {
      return Optional.empty();
    }
    Optional<UploadId> id = UploadId.parse(fileName.substring(0, ID_LENGTH));
    String suffix = fileName.substring(ID_LENGTH);
    for (Kind kind : Kind.values()) {
      if (kind.suffix.equals(suffix) && id.isPresent()) {
        return Optional.of(new Parsed(id.get(), kind));
      }
    }
    return Optional.empty();
  }
}
