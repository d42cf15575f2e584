package dev.mtserver.http.site.forms;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.http.codec.multipart.MultipartLimits;
import java.util.Objects;

/**
 * How much an upload request may carry.
 *
 * @param maxUploadSize the largest request body, in bytes, checked against Content-Length before
 *     reading and again while streaming (413 either way)
 * @param multipart part count and part header size
 * @param maxTextBytes the text fields of one upload together (they are recorded, so kept in
 *     memory); more is 413
 */
public record UploadLimits(long maxUploadSize, MultipartLimits multipart, long maxTextBytes) {

  /** The largest upload by default ({@code --max-upload-size}): 1 GiB. */
  public static final long DEFAULT_MAX_UPLOAD_SIZE = 1L << 30;

  /** The text fields of one upload together, by default: 1 MiB. */
  public static final long DEFAULT_MAX_TEXT_BYTES = 1L << 20;

  public UploadLimits {
    checkArgument(maxUploadSize >= 0, "maxUploadSize must not be negative");
    Objects.requireNonNull(multipart, "multipart");
    checkArgument(maxTextBytes >= 0, "maxTextBytes must not be negative");
  }

  /** The given size, Jetty-like part limits, and 1 MiB of text fields. */
  public static UploadLimits of(long maxUploadSize, int maxParts) {
    return new UploadLimits(
        maxUploadSize, MultipartLimits.defaults().withMaxParts(maxParts), DEFAULT_MAX_TEXT_BYTES);
  }

  /** 1 GiB, {@value MultipartLimits#DEFAULT_MAX_PARTS} parts, 1 MiB of text fields. */
  public static UploadLimits defaults() {
    return of(DEFAULT_MAX_UPLOAD_SIZE, MultipartLimits.DEFAULT_MAX_PARTS);
  }

  /** These limits with another largest upload. */
  public UploadLimits withMaxUploadSize(long bytes) {
    return new UploadLimits(bytes, multipart, maxTextBytes);
  }

  /** These limits with another part count. */
  public UploadLimits withMaxParts(int parts) {
    return new UploadLimits(maxUploadSize, multipart.withMaxParts(parts), maxTextBytes);
  }
}
