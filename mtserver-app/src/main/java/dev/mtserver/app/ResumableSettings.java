package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.resumable.ExpirySweeper;
import dev.mtserver.domain.resumable.ResumableUploadLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Resumable (tus 1.0.0) uploads at {@code /files/}: the command line's {@code --resumable-*} flags
 * in one record. The defaults are the domain's, which enforces them ({@link ResumableUploadLimits},
 * {@link ExpirySweeper#DEFAULT_INTERVAL}).
 *
 * @param enabled whether {@code /files/} answers ({@code --no-resumable-uploads} turns it off)
 * @param maxUploadSize the largest resumable upload ({@code --resumable-max-size}); empty for the
 *     same bound as multipart uploads ({@code --max-upload-size})
 * @param maxUnfinishedUploads unfinished uploads at once, all clients together ({@code
 *     --resumable-max-unfinished}); one more is 503 with {@code Retry-After}
 * @param maxUnfinishedBytes bytes unfinished uploads may hold or have announced, all together
 *     ({@code --resumable-max-unfinished-bytes}); past it 507
 * @param expiry how long an unfinished upload lives after its last chunk ({@code
 *     --resumable-expiry}); {@code Upload-Expires}
 * @param sweepInterval how often expired uploads are removed (also once at start)
 */
public record ResumableSettings(
    boolean enabled,
    OptionalLong maxUploadSize,
    int maxUnfinishedUploads,
    long maxUnfinishedBytes,
    Duration expiry,
    Duration sweepInterval) {

  public ResumableSettings {
    Objects.requireNonNull(maxUploadSize, "maxUploadSize");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    checkArgument(maxUploadSize.orElse(0) >= 0, "maxUploadSize must not be negative");
    checkArgument(maxUnfinishedUploads > 0, "maxUnfinishedUploads must be positive");
    checkArgument(maxUnfinishedBytes >= 0, "maxUnfinishedBytes must not be negative");
    checkArgument(expiry.isPositive(), "expiry must be positive");
    checkArgument(sweepInterval.isPositive(), "sweepInterval must be positive");
  }

  /** On, with the domain's limits and the multipart bound on size. */
  public static ResumableSettings defaults() {
    return new ResumableSettings(
        true,
        OptionalLong.empty(),
        ResumableUploadLimits.DEFAULT_MAX_UNFINISHED_UPLOADS,
        ResumableUploadLimits.DEFAULT_MAX_UNFINISHED_BYTES,
        ResumableUploadLimits.DEFAULT_EXPIRY,
        ExpirySweeper.DEFAULT_INTERVAL);
  }

  /** Off: {@code /files/} is an ordinary path of the site. */
  public static ResumableSettings disabled() {
    return withEnabled(defaults(), false);
  }

  private static ResumableSettings withEnabled(ResumableSettings s, boolean enabled) {
    return new ResumableSettings(
        enabled,
        s.maxUploadSize,
        s.maxUnfinishedUploads,
        s.maxUnfinishedBytes,
        s.expiry,
        s.sweepInterval);
  }

  /** These settings with unfinished uploads expiring after {@code value}. */
  public ResumableSettings withExpiry(Duration value) {
    return new ResumableSettings(
        enabled, maxUploadSize, maxUnfinishedUploads, maxUnfinishedBytes, value, sweepInterval);
  }

  /** These settings with expired uploads swept every {@code value}. */
  public ResumableSettings withSweepInterval(Duration value) {
    return new ResumableSettings(
        enabled, maxUploadSize, maxUnfinishedUploads, maxUnfinishedBytes, expiry, value);
  }

  /** The domain's limits, with {@code multipartMaxUploadSize} where no size of its own is set. */
  public ResumableUploadLimits limits(long multipartMaxUploadSize) {
    return new ResumableUploadLimits(
        maxUploadSize.orElse(multipartMaxUploadSize),
        maxUnfinishedUploads,
        maxUnfinishedBytes,
        expiry);
  }
}
