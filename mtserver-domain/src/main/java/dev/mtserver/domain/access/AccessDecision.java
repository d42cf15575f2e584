package dev.mtserver.domain.access;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What {@link AuthorizeRequestUseCase#decide} answered about one request: one case per answer. */
public sealed interface AccessDecision {

  /**
   * Let it through.
   *
   * @param user the user whose credentials were checked, if the request needed them and carried
   *     good ones (empty for a request that needed none: its credentials were not checked)
   */
  record Allowed(Optional<String> user) implements AccessDecision {
    public Allowed {
      Objects.requireNonNull(user, "user");
    }
  }

  /**
   * The request needs credentials and carries none, or wrong ones: ask for them (401), before any
   * of its body is read.
   *
   * @param attempted true when credentials were sent and were wrong (counted as a failure)
   */
  record CredentialsRequired(boolean attempted) implements AccessDecision {}

  /**
   * Too many wrong credentials came from this client lately: refused without checking, until {@code
   * retryAfter} has passed (429).
   */
  record Throttled(Duration retryAfter) implements AccessDecision {
    public Throttled {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }
}
