package dev.mtserver.http.memory;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

/**
 * What one connection or one request has reserved from the {@link MemoryBudget}. Reserve before
 * allocating, release what is freed, and close the lease when the connection or request ends: its
 * whole remainder goes back. Used by one thread at a time, like the request it belongs to.
 */
public final class MemoryLease implements AutoCloseable {

  private final MemoryBudget budget;
  private long held;
  private boolean closed;

  MemoryLease(MemoryBudget budget) {
    this.budget = budget;
  }

  /**
   * Reserves {@code bytes} more.
   *
   * @throws RequestMemoryExhaustedException if the server's budget cannot spare them; nothing is
   *     reserved then, and what the lease held before it still holds
   */
  public void reserve(long bytes) throws RequestMemoryExhaustedException {
    checkArgument(bytes >= 0, "bytes must not be negative");
    checkState(!closed, "the lease is closed");
    if (bytes == 0) {
      return;
    }
    if (!budget.tryTake(bytes)) {
      throw new RequestMemoryExhaustedException();
    }
    held += bytes;
  }

  /** Gives back {@code bytes} of what this lease holds (at most all of it). */
  public void release(long bytes) {
    checkArgument(bytes >= 0, "bytes must not be negative");
    long given = Math.min(bytes, held);
    held -= given;
    budget.give(given);
  }

  /** What this lease holds now. */
  public long held() {
    return held;
  }

  /**
   * Gives back everything this lease holds; it cannot reserve again. Calling it twice is harmless.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      release(held);
    }
  }
}
