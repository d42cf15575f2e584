package dev.mtserver.transport.socket;

/**
 * How long the server may still wait for the rest of one request body before the body counts as too
 * slow: the minimum body rate, in the manner of Apache's {@code RequestReadTimeout
 * body=…,MinRate=…}. The body gets a grace (the body timeout) and then, for every {@code minRate}
 * bytes received, one more second. Only the time the worker spends blocked reading the body is
 * charged: time it spends elsewhere (writing to a slow disk, say) is the server's, not the
 * client's, and the client is held back by TCP meanwhile anyway.
 *
 * <p>So a body must keep arriving at {@code minRate} on average, however regularly its bytes come,
 * to keep its worker; one that does is never cut off, however large it is. A total deadline would
 * cut off a large upload over a slow but healthy link; this never does.
 *
 * <p>Owned by the connection's worker thread.
 */
final class BodyAllowance {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long graceNanos;
  private final long minRate;
  private long waitedNanos;
  private long received;

  /**
   * @param graceNanos the waiting allowed before any byte has come
   * @param minRate bytes per second; 0 means no minimum
   */
  BodyAllowance(long graceNanos, long minRate) {
    this.graceNanos = graceNanos;
    this.minRate = minRate;
  }

  /** A new body begins. */
  void reset() {
    waitedNanos = 0;
    received = 0;
  }

  /**
   * How much longer the server may wait for this body; may be zero or negative (spent). {@link
   * Long#MAX_VALUE} without a minimum rate.
   */
  long remainingNanos() {
    if (minRate == 0) {
      return Long.MAX_VALUE;
    }
    long earned =
        received >= Long.MAX_VALUE / NANOS_PER_SECOND
            ? Long.MAX_VALUE / 2
            : received * NANOS_PER_SECOND / minRate;
    return Math.min(Long.MAX_VALUE / 2, graceNanos + earned) - waitedNanos;
  }

  /**
   * A read of the body waited {@code nanos} and brought {@code bytes} (0 at its end or failure).
   */
  void recordRead(long nanos, int bytes) {
    waitedNanos += Math.max(0, nanos);
    received += Math.max(0, bytes);
  }

  /** Bytes per second; 0 for none. */
  long minRate() {
    return minRate;
  }
}
