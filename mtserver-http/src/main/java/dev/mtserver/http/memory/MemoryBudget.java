package dev.mtserver.http.memory;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many bytes of request data the whole server may hold in memory at once ({@code
 * --request-memory}), and how many it holds now. Every connection and request that buffers request
 * bytes takes a {@link MemoryLease} and reserves through it before it allocates; a reservation that
 * would cross the capacity is refused and counted, and the request is answered {@code 503}.
 *
 * <p>What is charged, and why each is bounded only here:
 *
 * <ul>
 *   <li>a request head's buffer as it grows past its first kilobyte (up to the head limits, about
 *       40 KiB, per connection);
 *   <li>decoded form data, urlencoded or multipart text fields: {@link #TEXT_BYTE_COST} bytes for
 *       each byte read, which covers the field buffer, the decoded strings and the submission line
 *       encoded from them (1 MiB per request);
 *   <li>the multipart reader's 64 KiB buffer, once per upload in progress.
 * </ul>
 *
 * Each of these is bounded per request; only the budget bounds them across connections. What every
 * connection holds whatever it is sent (an input buffer and a response buffer of 16 KiB each) is
 * bounded by {@code --max-connections} instead, and checked against the heap at start.
 *
 * <p>Thread-safe and lock-free: one compare-and-set per reservation.
 */
public final class MemoryBudget {

  /**
   * Budget bytes charged per byte of text decoded into memory (form fields): the byte in the field
   * buffer (which may grow to twice what it holds), up to two in the decoded {@code String} (UTF-16
   * for non-Latin-1 text), and up to three while the submission line is encoded from it (a growing
   * buffer and its final copy). Generous on purpose: the bytes are real heap, and a budget that
   * undercounts is no bound.
   */
  public static final int TEXT_BYTE_COST = 6;

  /** The smallest budget a server runs with: enough for one multipart upload and a few forms. */
  public static final long MIN_BYTES = 1L << 20;

  private static final MemoryBudget UNBOUNDED = new MemoryBudget(Long.MAX_VALUE);

  /**
   * The budget when none is given ({@code --request-memory auto}): a quarter of the heap the JVM
   * may use ({@code -Xmx}; by default a quarter of the machine's memory), in whole MiB and at least
   * {@link #MIN_BYTES}. A quarter leaves the rest for what every connection holds anyway, caches,
   * the server's own objects, and the garbage collector's headroom (G1 stores an array of half a
   * region or more in whole regions, so a heap full of large request buffers can need up to twice
   * their size): {@code docs/adr/0022}.
   */
  public static long defaultBytes(long maxHeapBytes) {
    return Math.max(MIN_BYTES, (maxHeapBytes / 4) & -MIN_BYTES);
  }

  private final long capacity;
  private final AtomicLong inUse = new AtomicLong();
  private final LongAdder refusals = new LongAdder();

  private MemoryBudget(long capacity) {
    this.capacity = capacity;
  }

  /** A budget of {@code capacityBytes}. */
  public static MemoryBudget of(long capacityBytes) {
    checkArgument(capacityBytes > 0, "capacityBytes must be positive");
    return new MemoryBudget(capacityBytes);
  }

  /**
   * A budget that never refuses: for tests and tools that exercise other limits. A server always
   * gets a bounded one.
   */
  public static MemoryBudget unbounded() {
    return UNBOUNDED;
  }

  /** A new lease, holding nothing yet; close it to give back what it reserved. */
  public MemoryLease lease() {
    return new MemoryLease(this);
  }

  /** Takes {@code bytes} if they fit, else counts a refusal. */
  boolean tryTake(long bytes) {
    long used;
    do {
      used = inUse.get();
      if (bytes > capacity - used) {
        refusals.increment();
        return false;
      }
    } while (!inUse.compareAndSet(used, used + bytes));
    return true;
  }

  void give(long bytes) {
    inUse.addAndGet(-bytes);
  }

  /** The most bytes that may be reserved at once. */
  public long capacity() {
    return capacity;
  }

  /** Bytes reserved now, by every lease together. */
  public long inUse() {
    return inUse.get();
  }

  /** Reservations refused so far: each one was answered {@code 503}. */
  public long refusals() {
    return refusals.sum();
  }
}
