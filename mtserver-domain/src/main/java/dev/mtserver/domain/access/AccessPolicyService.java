package dev.mtserver.domain.access;

import com.google.common.collect.ImmutableSet;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.store.StoreUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The site's access policy ({@code --auth-file}, {@code --auth-scope}): which requests need
 * credentials, checking them through the {@link CheckCredentialsPort}, and refusing a client that
 * has sent too many wrong ones ({@link FailureThrottle}).
 *
 * <ul>
 *   <li>Without an identity store ({@link #open()}), every request is allowed, as before.
 *   <li>With one, a request needs credentials when it may change state ({@link
 *       AccessScope#WRITES}), or always ({@link AccessScope#ALL}) except below the open paths (the
 *       health check, so that load balancers need no password). A request that needs none is
 *       allowed without looking at its credentials: reads never pay for a slow hash.
 *   <li>A client over its failure allowance is refused before its credentials are checked, so a
 *       guessing client costs no hash computation either.
 * </ul>
 */
public final class AccessPolicyService implements AuthorizeRequestUseCase {

  private static final AccessDecision ANONYMOUS = new AccessDecision.Allowed(Optional.empty());

  private final Optional<CheckCredentialsPort> identities;
  private final AccessScope scope;
  private final ImmutableSet<SitePath> openPaths;
  private final FailureThrottle throttle;

  /**
   * @param identities who may pass, or empty: then nobody needs credentials
   * @param openPaths paths that never need credentials, even in scope {@link AccessScope#ALL} (such
   *     as {@code /healthz})
   */
  public AccessPolicyService(
      Optional<CheckCredentialsPort> identities,
      AccessScope scope,
      Set<SitePath> openPaths,
      FailureThrottle throttle) {
    this.identities = Objects.requireNonNull(identities, "identities");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.openPaths = ImmutableSet.copyOf(openPaths);
    this.throttle = Objects.requireNonNull(throttle, "throttle");
  }

  /** No identity store: every request is allowed. */
  public static AccessPolicyService open() {
    return new AccessPolicyService(
        Optional.empty(), AccessScope.WRITES, Set.of(), FailureThrottle.defaults());
  }

  @Override
  public boolean identitiesConfigured() {
    return identities.isPresent();
  }

  @Override
  public AccessDecision decide(AccessAttempt attempt) throws StoreUnavailableException {
    if (identities.isEmpty() || !needsCredentials(attempt)) {
      attempt.credentials().ifPresent(AccessAttempt.Credentials::clear);
      return ANONYMOUS;
    }
    Optional<Duration> wait = throttle.refusal(attempt.client());
    if (wait.isPresent()) {
      attempt.credentials().ifPresent(AccessAttempt.Credentials::clear);
      return new AccessDecision.Throttled(wait.get());
    }
    if (attempt.credentials().isEmpty()) {
      return new AccessDecision.CredentialsRequired(false);
    }
    AccessAttempt.Credentials credentials = attempt.credentials().get();
    boolean good;
    try {
      // a store that cannot answer throws: the caller answers 503, and nothing is counted
      good = identities.get().check(credentials.user(), credentials.password());
    } finally {
      credentials.clear();
    }
    if (!good) {
      throttle.failed(attempt.client());
      return new AccessDecision.CredentialsRequired(true);
    }
    throttle.succeeded(attempt.client());
    return new AccessDecision.Allowed(Optional.of(credentials.user()));
  }

  private boolean needsCredentials(AccessAttempt attempt) {
    return switch (scope) {
      case WRITES -> !attempt.read();
      case ALL -> !openPaths.contains(attempt.path());
    };
  }
}
