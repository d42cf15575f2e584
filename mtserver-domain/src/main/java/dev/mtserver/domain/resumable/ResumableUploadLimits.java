package dev.mtserver.domain.resumable;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds on resumable uploads, all enforced by {@link ResumableUploadService}.
 *
 * @param maxUploadSize the largest upload, in bytes: an {@code Upload-Length} above it is refused
 *     at creation, and a deferred upload may not grow past it ({@code Tus-Max-Size}); the same
 *     value as {@code --max-upload-size} for multipart uploads
 * @param maxUnfinishedUploads how many unfinished, unexpired uploads may exist at once; one more is
 *     refused until another finishes or expires
 * @param maxUnfinishedBytes the most bytes unfinished uploads may hold or have announced in all (an
 *     upload of known length counts its whole length from creation on)
 * @param expiry how long an unfinished upload lives after its creation or its last accepted chunk
 *     ({@code Upload-Expires}), and how long a finished one is remembered
 */
public record ResumableUploadLimits(
    long maxUploadSize, int maxUnfinishedUploads, long maxUnfinishedBytes, Duration expiry) {

  /** Unfinished uploads at once, unless told otherwise. */
  public static final int DEFAULT_MAX_UNFINISHED_UPLOADS = 100;

  /** Unfinished bytes in all, unless told otherwise: 10 GiB. */
  public static final long DEFAULT_MAX_UNFINISHED_BYTES = 10L << 30;

  /**
   * Life of an unfinished upload since its last chunk, unless told otherwise: the protocol's common
   * day.
   */
  public static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);

  public ResumableUploadLimits {
    checkArgument(maxUploadSize >= 0, "maxUploadSize must not be negative");
    checkArgument(maxUnfinishedUploads > 0, "maxUnfinishedUploads must be positive");
    checkArgument(maxUnfinishedBytes >= 0, "maxUnfinishedBytes must not be negative");
    Objects.requireNonNull(expiry, "expiry");
    checkArgument(expiry.isPositive(), "expiry must be positive");
  }

  /** The defaults, with the server's largest upload. */
  public static ResumableUploadLimits defaults(long maxUploadSize) {
    return new ResumableUploadLimits(
        maxUploadSize,
        DEFAULT_MAX_UNFINISHED_UPLOADS,
        DEFAULT_MAX_UNFINISHED_BYTES,
        DEFAULT_EXPIRY);
  }
}
