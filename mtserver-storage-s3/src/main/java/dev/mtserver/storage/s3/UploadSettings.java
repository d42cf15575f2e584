package dev.mtserver.storage.s3;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;

/**
 * How the object-store upload area buffers and cleans up.
 *
 * @param partSize bytes per multipart-upload part, and the most one upload holds in memory; S3's
 *     minimum is 5 MiB (but for the last part), and 10,000 parts make the largest object, so 8 MiB
 *     parts allow about 78 GiB
 * @param memoryBudget the most all uploads of this store hold in memory at once, at least one part
 * @param memoryWait how long an upload waits for memory when the budget is spent before it fails as
 *     "store unavailable" (503 with {@code Retry-After})
 * @param staleAge an incomplete multipart upload or a name claim older than this is taken for a
 *     dead instance's and removed by the start-up sweep; an upload still running after this long
 *     may lose its data to another instance's start
 */
public record UploadSettings(
    int partSize, long memoryBudget, Duration memoryWait, Duration staleAge) {

  /** S3's smallest part but the last. */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  /** The part size by default. */
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  public UploadSettings {
    Objects.requireNonNull(memoryWait, "memoryWait");
    Objects.requireNonNull(staleAge, "staleAge");
    checkArgument(partSize >= MIN_PART_SIZE, "partSize must be at least 5 MiB");
    checkArgument(
        partSize % UploadMemory.CHUNK_BYTES == 0,
        "partSize must be a multiple of %s",
        UploadMemory.CHUNK_BYTES);
    checkArgument(memoryBudget >= partSize, "memoryBudget must hold at least one part");
    checkArgument(!memoryWait.isNegative(), "memoryWait must not be negative");
    checkArgument(staleAge.isPositive(), "staleAge must be positive");
  }

  /**
   * 8 MiB parts; a budget of a quarter of the heap, kept between 16 MiB and 256 MiB (at {@code
   * -Xmx64m}: two parts in flight at once); 10 s to wait for memory; 24 h before an unfinished
   * upload counts as abandoned.
   */
  public static UploadSettings defaults() {
    long quarterHeap = Runtime.getRuntime().maxMemory() / 4;
    long budget = Math.clamp(quarterHeap, 2L * DEFAULT_PART_SIZE, 32L * DEFAULT_PART_SIZE);
    return new UploadSettings(
        DEFAULT_PART_SIZE, budget, Duration.ofSeconds(10), Duration.ofHours(24));
  }

  public UploadSettings withStaleAge(Duration age) {
    return new UploadSettings(partSize, memoryBudget, memoryWait, age);
  }

  public UploadSettings withMemory(int part, long budget, Duration wait) {
    return new UploadSettings(part, budget, wait, staleAge);
  }
}
