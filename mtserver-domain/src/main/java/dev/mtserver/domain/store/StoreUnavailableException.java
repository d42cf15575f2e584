package dev.mtserver.domain.store;

import java.io.IOException;
import java.util.Objects;

/**
 * A store behind an outbound port (an object store, a database) could not be reached, or did not
 * answer in time. Nothing was changed by the failed call; the same call may succeed later. The HTTP
 * layer answers a write with {@code 503} and {@code Retry-After}, a read with {@code 502} ({@link
 * Reason#UNREACHABLE}) or {@code 504} ({@link Reason#TIMED_OUT}), and keeps serving.
 *
 * <p>Adapters throw it for their own transport failures (connection refused, pool exhausted,
 * timeouts); a local disk never does (its faults are plain {@link IOException}s or {@code
 * StorageFullException}).
 */
public final class StoreUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the store could not answer. */
  public enum Reason {
    /** Refused, unreachable, or answered with a server error. */
    UNREACHABLE,
    /** Did not answer within the adapter's time limit. */
    TIMED_OUT
  }

  private final Reason reason;

  /**
   * @param message for the log only, never shown to a client; names the store, never a secret
   */
  public StoreUnavailableException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
