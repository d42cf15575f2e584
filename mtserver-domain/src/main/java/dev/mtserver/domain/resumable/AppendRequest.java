package dev.mtserver.domain.resumable;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One chunk a client sends ({@code PATCH}, or the body of a creating {@code POST}).
 *
 * @param offset where the client believes the upload stands ({@code Upload-Offset})
 * @param chunkLength the chunk's length when the request says it ({@code Content-Length}); empty
 *     for a body of unknown length
 * @param checksum the chunk's checksum ({@code Upload-Checksum}), if sent
 * @param uploadLength the whole upload's length, if the request declares it ({@code Upload-Length}
 *     on a {@code PATCH} of an upload whose length was deferred)
 * @param content the chunk's bytes; read to its end, never closed
 * @param remoteAddress the client's address as text, recorded with the upload's note when this
 *     chunk completes it ({@link ResumableUploadService#NOTE_KEY}); {@link #UNKNOWN_CLIENT} when
 *     nobody said
 */
public record AppendRequest(
    UploadId id,
    long offset,
    OptionalLong chunkLength,
    Optional<UploadChecksum> checksum,
    OptionalLong uploadLength,
    InputStream content,
    String remoteAddress) {

  /** The address recorded when the request did not say who sent it. */
  public static final String UNKNOWN_CLIENT = "unknown";

  public AppendRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(chunkLength, "chunkLength");
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(uploadLength, "uploadLength");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    checkArgument(offset >= 0, "offset must not be negative");
    checkArgument(chunkLength.orElse(0) >= 0, "chunkLength must not be negative");
    checkArgument(uploadLength.orElse(0) >= 0, "uploadLength must not be negative");
  }

  /** A chunk of {@code chunkLength} bytes at {@code offset}, without checksum or length. */
  public static AppendRequest chunk(
      UploadId id, long offset, long chunkLength, InputStream content) {
    return new AppendRequest(
        id,
        offset,
        OptionalLong.of(chunkLength),
        Optional.empty(),
        OptionalLong.empty(),
        content,
        UNKNOWN_CLIENT);
  }

  /** This request with a checksum. */
  public AppendRequest withChecksum(UploadChecksum checksum) {
    return new AppendRequest(
        id, offset, chunkLength, Optional.of(checksum), uploadLength, content, remoteAddress);
  }

  /** This request declaring the whole upload's length. */
  public AppendRequest declaringLength(long length) {
    return new AppendRequest(
        id, offset, chunkLength, checksum, OptionalLong.of(length), content, remoteAddress);
  }

  /** This request sent by the client at {@code remoteAddress}. */
  public AppendRequest from(String remoteAddress) {
    return new AppendRequest(
        id, offset, chunkLength, checksum, uploadLength, content, remoteAddress);
  }
}
