package dev.mtserver.domain.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import dev.mtserver.domain.path.SitePath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyServiceTest {

  /** One user, "ann" with "secret"; remembers what it was asked. */
  private static final class OneUser implements CheckCredentialsPort {
    final List<String> asked = new ArrayList<>();

    @Override
    public boolean check(String user, char[] password) {
      asked.add(user);
      return Map.of("ann", "secret").getOrDefault(user, "\0").equals(new String(password));
    }
  }

  /** A clock the test moves. */
  private static final class FakeTicker extends Ticker {
    private long nanos;

    @Override
    public long read() {
      return nanos;
    }

    void advance(Duration by) {
      nanos += by.toNanos();
    }
  }

  private final OneUser users = new OneUser();
  private final FakeTicker ticker = new FakeTicker();
  private final FailureThrottle throttle =
      new FailureThrottle(3, Duration.ofMinutes(1), 100, ticker);

  private AccessPolicyService policy(AccessScope scope) {
    return new AccessPolicyService(
        Optional.of(users), scope, Set.of(SitePath.parse("/healthz")), throttle);
  }

  private static AccessAttempt write(String user, String password) {
    return new AccessAttempt(
        false,
        SitePath.parse("/upload"),
        "192.0.2.1",
        Optional.of(new AccessAttempt.Credentials(user, password.toCharArray())));
  }

  private static AccessAttempt anonymous(boolean read, String path) {
    return new AccessAttempt(read, SitePath.parse(path), "192.0.2.1", Optional.empty());
  }

  @Test
  void withoutIdentitiesEverythingIsAllowed() throws Exception {
    AccessPolicyService open = AccessPolicyService.open();
    assertThat(open.decide(anonymous(false, "/upload")))
        .isEqualTo(new AccessDecision.Allowed(Optional.empty()));
    assertThat(open.identitiesConfigured()).isFalse();
  }

  @Test
  void writesNeedCredentialsReadsDoNotAndAreNeverChecked() throws Exception {
    AccessPolicyService policy = policy(AccessScope.WRITES);
    assertThat(policy.decide(anonymous(false, "/upload")))
        .isEqualTo(new AccessDecision.CredentialsRequired(false));
    AccessAttempt read =
        new AccessAttempt(
            true,
            SitePath.parse("/index.html"),
            "192.0.2.1",
            Optional.of(new AccessAttempt.Credentials("ann", "wrong".toCharArray())));
    assertThat(policy.decide(read)).isEqualTo(new AccessDecision.Allowed(Optional.empty()));
    assertThat(users.asked).isEmpty();
  }

  @Test
  void goodCredentialsNameTheUserAndThePasswordIsCleared() throws Exception {
    AccessAttempt attempt = write("ann", "secret");
    assertThat(policy(AccessScope.WRITES).decide(attempt))
        .isEqualTo(new AccessDecision.Allowed(Optional.of("ann")));
    assertThat(attempt.credentials().orElseThrow().password()).containsOnly('\0');
  }

  @Test
  void scopeAllGuardsReadsButNotTheOpenPaths() throws Exception {
    AccessPolicyService policy = policy(AccessScope.ALL);
    assertThat(policy.decide(anonymous(true, "/index.html")))
        .isEqualTo(new AccessDecision.CredentialsRequired(false));
    assertThat(policy.decide(anonymous(true, "/healthz")))
        .isEqualTo(new AccessDecision.Allowed(Optional.empty()));
  }

  @Test
  void tooManyFailuresAreRefusedWithoutACheckUntilTheWindowEnds() throws Exception {
    AccessPolicyService policy = policy(AccessScope.WRITES);
    for (int i = 0; i < 3; i++) {
      assertThat(policy.decide(write("ann", "guess" + i)))
          .isEqualTo(new AccessDecision.CredentialsRequired(true));
    }
    ticker.advance(Duration.ofSeconds(20));
    assertThat(policy.decide(write("ann", "secret")))
        .isEqualTo(new AccessDecision.Throttled(Duration.ofSeconds(40)));
    assertThat(users.asked).hasSize(3); // the throttled attempt cost no hash
    AccessAttempt other =
        new AccessAttempt(
            false,
            SitePath.parse("/upload"),
            "192.0.2.2",
            Optional.of(new AccessAttempt.Credentials("ann", "secret".toCharArray())));
    assertThat(policy.decide(other)).isInstanceOf(AccessDecision.Allowed.class);
    ticker.advance(Duration.ofSeconds(40));
    assertThat(policy.decide(write("ann", "secret")))
        .isEqualTo(new AccessDecision.Allowed(Optional.of("ann")));
  }

  @Test
  void aSuccessForgetsEarlierFailures() throws Exception {
    AccessPolicyService policy = policy(AccessScope.WRITES);
    policy.decide(write("ann", "a"));
    policy.decide(write("ann", "b"));
    policy.decide(write("ann", "secret"));
    policy.decide(write("ann", "c"));
    policy.decide(write("ann", "d"));
    assertThat(policy.decide(write("ann", "secret"))).isInstanceOf(AccessDecision.Allowed.class);
  }

  @Test
  void theThrottleTableIsBounded() {
    FailureThrottle small = new FailureThrottle(3, Duration.ofMinutes(1), 50, ticker);
    for (int i = 0; i < 10_000; i++) {
      small.failed("198.51.100." + i);
    }
    assertThat(small.size()).isLessThanOrEqualTo(50);
  }
}
