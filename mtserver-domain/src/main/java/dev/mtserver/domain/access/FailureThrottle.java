package dev.mtserver.domain.access;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Counts wrong credentials per client in a fixed window and says when a client has had too many:
 * after {@code maxFailures} failures within {@code window} of its first one, the client is refused
 * without a check until that window ends.
 *
 * <p>Refusing (429) rather than slowing down (sleeping before the 401) is deliberate: a sleeping
 * answer holds a worker thread — one of the {@code --max-connections} permits — for every guess, so
 * slowing down would hand an attacker the server's workers; a refusal costs nothing and spends no
 * hash computation either.
 *
 * <p>The table is bounded ({@code maxClients} entries, least recently written evicted first; each
 * entry is a few dozen bytes), so a flood of addresses cannot grow memory; the price is that a
 * client among a flood of more than {@code maxClients} addresses may be forgotten early. Entries
 * expire with their window. Thread-safe.
 */
public final class FailureThrottle {

  /** Failures allowed per client and window by default, as fail2ban's usual {@code maxretry}. */
  public static final int DEFAULT_MAX_FAILURES = 10;

  /** The default window. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

  /** Clients remembered at once by default: 10,000 entries, well under a MiB. */
  public static final int DEFAULT_MAX_CLIENTS = 10_000;

  /** One client's failures in its current window. */
  private record Failures(long windowStart, int count) {}

  private final int maxFailures;
  private final long windowNanos;
  private final Ticker ticker;
  private final Cache<String, Failures> clients;

  /**
   * @param maxFailures failures allowed per window; 0 turns throttling off
   * @param window how long failures are counted from a client's first
   * @param maxClients most clients remembered at once
   */
  public FailureThrottle(int maxFailures, Duration window, int maxClients, Ticker ticker) {
    checkArgument(maxFailures >= 0, "maxFailures must not be negative");
    checkArgument(window.isPositive(), "window must be positive");
    checkArgument(maxClients >= 1, "maxClients must be positive");
    this.maxFailures = maxFailures;
    this.windowNanos = window.toNanos();
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.clients =
        CacheBuilder.newBuilder()
            .maximumSize(maxClients)
            .expireAfterWrite(window.toNanos(), TimeUnit.NANOSECONDS)
            .ticker(ticker)
            .build();
  }

  /** The defaults, on the system's clock. */
  public static FailureThrottle defaults() {
    return new FailureThrottle(
        DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, DEFAULT_MAX_CLIENTS, Ticker.systemTicker());
  }

  /** With {@code maxFailures} per default window ({@code --auth-max-failures}). */
  public static FailureThrottle allowing(int maxFailures) {
    return new FailureThrottle(
        maxFailures, DEFAULT_WINDOW, DEFAULT_MAX_CLIENTS, Ticker.systemTicker());
  }

  /** How long {@code client} must wait, if it has had too many failures; else empty. */
  public Optional<Duration> refusal(String client) {
    if (maxFailures == 0) {
      return Optional.empty();
    }
    Failures failures = clients.getIfPresent(client);
    if (failures == null) {
      return Optional.empty();
    }
    long left = failures.windowStart() + windowNanos - ticker.read();
    if (failures.count() < maxFailures || left <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(left));
  }

  /** Counts one failure of {@code client}. */
  public void failed(String client) {
    if (maxFailures == 0) {
      return;
    }
    long now = ticker.read();
    // compute is atomic per key: concurrent failures of one client are all counted
    clients
        .asMap()
        .compute(
            client,
            (key, failures) ->
                failures == null || now - failures.windowStart() >= windowNanos
                    ? new Failures(now, 1)
                    : new Failures(failures.windowStart(), failures.count() + 1));
  }

  /** Forgets {@code client}'s failures (it just sent good credentials). */
  public void succeeded(String client) {
    if (maxFailures > 0) {
      clients.invalidate(client);
    }
  }

  /** Clients remembered now (an estimate, for tests and metrics). */
  public long size() {
    clients.cleanUp();
    return clients.size();
  }
}
