package dev.mtserver.http.testing;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes allocated by the current thread while a piece of code runs: a deterministic stand-in
 * for "memory use" in unit tests. A decoder whose allocations stay flat as its input grows cannot
 * be holding that input, whatever the garbage collector does.
 */
public final class Allocations {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Code under measurement. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  private Allocations() {}

  /** The bytes {@code work} allocated on this thread. */
  public static long of(Work work) throws Exception {
    if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadAllocatedMemoryEnabled()) {
      throw new IllegalStateException("this JVM does not count allocated bytes per thread");
    }
    long threadId = Thread.currentThread().threadId();
    long before = THREADS.getThreadAllocatedBytes(threadId);
    work.run();
    return THREADS.getThreadAllocatedBytes(threadId) - before;
  }
}
