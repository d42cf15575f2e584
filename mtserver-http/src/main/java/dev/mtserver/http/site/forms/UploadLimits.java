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

  public UploadLimits {
    checkArgument(maxUploadSize >= 0, "maxUploadSize must not be negative");
    Objects.requireNonNull(multipart, "multipart");
    checkArgument(maxTextBytes >= 0, "maxTextBytes must not be negative");
  }

  /** The given size, Jetty-like part limits, and 1 MiB of text fields. */
  public static UploadLimits of(long maxUploadSize, int maxParts) {
    return new UploadLimits(
        maxUploadSize, MultipartLimits.defaults().withMaxParts(maxParts), 1024 * 1024);
  }
}
