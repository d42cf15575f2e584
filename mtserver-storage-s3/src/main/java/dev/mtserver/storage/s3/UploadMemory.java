package dev.mtserver.storage.s3;

import dev.mtserver.domain.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The memory every upload of one store may hold, counted in chunks of {@value #CHUNK_BYTES} bytes.
 * An upload takes chunks as its part fills and gives them all back when it ends. When the budget is
 * spent, a writer waits for another upload to give some back, then gives up with {@link
 * StoreUnavailableException} ({@code TIMED_OUT}), which the HTTP layer answers with 503 and {@code
 * Retry-After}: a burst of large uploads is slowed or refused, never allowed to exhaust the heap.
 *
 * <p>Chunks are 256 KiB: under half a G1 region even in a 64 MiB heap, so they are ordinary objects
 * rather than "humongous" ones, and a small file holds little more than its own size.
 */
final class UploadMemory {

  static final int CHUNK_BYTES = 256 * 1024;

  private final Semaphore chunks;
  private final Duration wait;
  private final long budget;

  UploadMemory(long budgetBytes, Duration wait) {
    this.budget = budgetBytes;
    this.chunks = new Semaphore((int) Math.min(Integer.MAX_VALUE, budgetBytes / CHUNK_BYTES), true);
    this.wait = wait;
  }

  /** A chunk of {@value #CHUNK_BYTES} bytes, counted against the budget until {@link #release}. */
  byte[] take() throws IOException {
    boolean granted;
    try {
      granted = chunks.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for upload memory");
    }
    if (!granted) {
      throw new StoreUnavailableException(
          StoreUnavailableException.Reason.TIMED_OUT,
          "upload memory budget of "
              + (budget >> 20)
              + " MiB stayed spent for "
              + wait.toMillis()
              + " ms",
          null);
    }
    return new byte[CHUNK_BYTES];
  }

  /** Gives back {@code count} chunks (their arrays are dropped). */
  void release(int count) {
    if (count > 0) {
      chunks.release(count);
    }
  }

  /** Chunks free now; for tests and metrics. */
  int available() {
    return chunks.availablePermits();
  }
}
