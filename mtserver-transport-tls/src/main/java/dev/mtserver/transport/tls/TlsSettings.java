package dev.mtserver.transport.tls;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunable parts of {@link ServerTls}; the protocol policy itself is fixed ({@link TlsPolicy}).
 *
 * @param reloadInterval how often the certificate files are checked for a change; {@link
 *     Duration#ZERO} turns reloading off
 * @param sessionCacheSize how many TLS sessions the server keeps for resumption by session ID (TLS
 *     1.3 and ticket-capable TLS 1.2 clients resume from tickets and need no entry)
 * @param sessionTimeout how long a session, or a ticket, may be resumed
 */
public record TlsSettings(Duration reloadInterval, int sessionCacheSize, Duration sessionTimeout) {

  /** Checked every 10 s: a renewed certificate is in use within seconds, for two small reads. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

  /** A few MiB at most; clients with tickets need no entry. */
  public static final int DEFAULT_SESSION_CACHE_SIZE = 10_000;

  /** One day, as Mozilla's server-side TLS guidelines advise. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofDays(1);

  /** A ticket may not live longer (RFC 8446 §4.6.1). */
  public static final Duration MAX_SESSION_TIMEOUT = Duration.ofDays(7);

  public TlsSettings {
    Objects.requireNonNull(reloadInterval, "reloadInterval");
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    if (reloadInterval.isNegative()) {
      throw new IllegalArgumentException("reloadInterval must not be negative: " + reloadInterval);
    }
    if (sessionCacheSize < 1) {
      throw new IllegalArgumentException(
          "sessionCacheSize must be at least 1: " + sessionCacheSize);
    }
    if (sessionTimeout.toSeconds() < 1 || sessionTimeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "sessionTimeout must be between 1 s and 7 days (RFC 8446 §4.6.1): " + sessionTimeout);
    }
  }

  public static TlsSettings defaults() {
    return new TlsSettings(
        DEFAULT_RELOAD_INTERVAL, DEFAULT_SESSION_CACHE_SIZE, DEFAULT_SESSION_TIMEOUT);
  }

  public TlsSettings withReloadInterval(Duration interval) {
    return new TlsSettings(interval, sessionCacheSize, sessionTimeout);
  }
}
