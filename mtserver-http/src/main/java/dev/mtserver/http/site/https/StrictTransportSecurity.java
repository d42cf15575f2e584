package dev.mtserver.http.site.https;

import dev.mtserver.http.engine.ResponseHeaderPolicy;
import java.time.Duration;

/**
 * {@code Strict-Transport-Security: max-age=N} (RFC 6797) as a {@link ResponseHeaderPolicy}: the
 * application gives it to the HTTPS listener's engine, so every response there carries it, the
 * engine's own 400, 408, 413, 431 and 503 and the access guard's 401 included, not only the site's
 * pages. A browser ignores the field over plain HTTP (RFC 6797 §8.1), and the redirect listener
 * must not pretend otherwise: it never gets this policy. No {@code includeSubDomains} or {@code
 * preload}: those bind other hosts, which only their operator may promise.
 */
public final class StrictTransportSecurity {

  private StrictTransportSecurity() {}

  /** The policy adding {@code Strict-Transport-Security: max-age=SECONDS} to every response. */
  public static ResponseHeaderPolicy policy(Duration maxAge) {
    return ResponseHeaderPolicy.NONE.with(
        "Strict-Transport-Security", "max-age=" + maxAge.toSeconds());
  }
}
