package dev.mtserver.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the heap this JVM may use ({@code -Xmx}) fits what the settings may ask of it at worst:
 * the request-memory budget, the small-file cache, and what every connection holds whatever it is
 * sent. Only the last grows with {@code --max-connections}; the budget bounds everything that grows
 * with what clients send. Said once at start, as a warning: the server runs either way, and most
 * connections never hold their worst.
 */
final class HeapBudget {

  private static final Logger log = LoggerFactory.getLogger(HeapBudget.class);

  /**
   * What one connection may hold outside the request-memory budget: its 16 KiB input buffer, its 16
   * KiB response buffer, the first kilobyte of its head buffer, a 16 KiB copy buffer while it
   * streams a body (a PHP page's, to the spool), and its objects and thread.
   */
  static final long PER_CONNECTION_BYTES = 56 * 1024;

  /**
   * The server's own objects, the JIT's and the garbage collector's headroom: a fifth of the heap.
   */
  static final double FREE_FRACTION = 0.2;

  private HeapBudget() {}

  /** The worst case the settings allow, in bytes. */
  static long worstCase(ServerSettings settings) {
    return settings.requestMemory()
        + settings.content().fileCacheBytes()
        + settings.transport().maxConnections() * PER_CONNECTION_BYTES;
  }

  /** Logs a warning when {@link #worstCase} does not fit in {@code maxHeap} with room to spare. */
  static void warnIfTight(ServerSettings settings, long maxHeap) {
    long worst = worstCase(settings);
    if (worst > (long) (maxHeap * (1 - FREE_FRACTION))) {
      log.warn(
          "The heap ({} MiB) may be too small: at worst the server holds {} MiB ({} MiB of request"
              + " data (--request-memory), {} MiB of cached files (--file-cache), {} MiB for {}"
              + " connections (--max-connections)); raise -Xmx or lower those",
          mib(maxHeap),
          mib(worst),
          mib(settings.requestMemory()),
          mib(settings.content().fileCacheBytes()),
          mib(settings.transport().maxConnections() * PER_CONNECTION_BYTES),
          settings.transport().maxConnections());
    }
  }

  private static long mib(long bytes) {
    return bytes >> 20;
  }
}
