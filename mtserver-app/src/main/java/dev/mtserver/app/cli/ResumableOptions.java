package dev.mtserver.app.cli;

import dev.mtserver.app.ResumableSettings;
import dev.mtserver.domain.resumable.ExpirySweeper;
import dev.mtserver.domain.resumable.ResumableUploadLimits;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * The flags of resumable (tus 1.0.0) uploads at {@code /files/}, kept apart from the serving flags.
 * Their defaults are the domain's ({@link ResumableUploadLimits}).
 */
final class ResumableOptions {

  @Option(
      names = "--resumable-uploads",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      showDefaultValue = picocli.CommandLine.Help.Visibility.ALWAYS,
      description =
          "Take resumable uploads (tus 1.0.0) at /files/; unfinished ones are kept in"
              + " DATA/resumable and published into the uploads directory when complete.")
  boolean enabled;

  @Option(
      names = "--resumable-max-size",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      description = {
        "Largest resumable upload (Tus-Max-Size), such as 10g.",
        "Default: --max-upload-size"
      },
      showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
  Long maxSize;

  @Option(
      names = "--resumable-max-unfinished",
      paramLabel = "N",
      description = "Unfinished resumable uploads at once, all clients together; more get 503.")
  int maxUnfinished = ResumableUploadLimits.DEFAULT_MAX_UNFINISHED_UPLOADS;

  @Option(
      names = "--resumable-max-unfinished-bytes",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      defaultValue = "10g",
      description =
          "Bytes unfinished resumable uploads may hold or announce, all together; past it 507.")
  long maxUnfinishedBytes;

  @Option(
      names = "--resumable-expiry",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "24h",
      description =
          "How long an unfinished resumable upload is kept after its last chunk (Upload-Expires).")
  Duration expiry;

  /** The settings these flags describe; the command has checked their ranges. */
  ResumableSettings settings() {
    return new ResumableSettings(
        enabled,
        maxSize == null ? OptionalLong.empty() : OptionalLong.of(maxSize),
        maxUnfinished,
        maxUnfinishedBytes,
        expiry,
        ExpirySweeper.DEFAULT_INTERVAL);
  }
}
