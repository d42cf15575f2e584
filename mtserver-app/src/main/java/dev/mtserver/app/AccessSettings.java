package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.access.AccessScope;
import dev.mtserver.domain.access.FailureThrottle;
import dev.mtserver.http.site.access.CorsPolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call the server: the command line's access flags in one record (ADR 0040).
 *
 * @param authFile the {@code htpasswd} file of the users who may write ({@code --auth-file});
 *     empty: nobody needs credentials
 * @param scope which requests need credentials ({@code --auth-scope})
 * @param realm the protection space browsers show when they ask ({@code --auth-realm})
 * @param maxFailures wrong credentials allowed per client address and minute before it gets 429
 *     ({@code --auth-max-failures}); 0 turns the throttle off
 * @param allowInsecureAuth allow Basic credentials over plain HTTP on a non-loopback address
 *     ({@code --allow-insecure-auth})
 * @param cors which other origins may call the site from a browser ({@code --cors}); empty: none
 */
public record AccessSettings(
    Optional<Path> authFile,
    AccessScope scope,
    String realm,
    int maxFailures,
    boolean allowInsecureAuth,
    Optional<CorsPolicy> cors) {

  /** The realm browsers show by default. */
  public static final String DEFAULT_REALM = "MTServer";

  /** How often the password file is compared with the version in use. */
  public static final Duration AUTH_FILE_CHECK_INTERVAL = Duration.ofSeconds(2);

  public AccessSettings {
    Objects.requireNonNull(authFile, "authFile");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(cors, "cors");
    checkArgument(maxFailures >= 0, "maxFailures must not be negative");
  }

  /** Nobody needs credentials, no CORS. */
  public static AccessSettings defaults() {
    return new AccessSettings(
        Optional.empty(),
        AccessScope.WRITES,
        DEFAULT_REALM,
        FailureThrottle.DEFAULT_MAX_FAILURES,
        false,
        Optional.empty());
  }

  public AccessSettings withAuthFile(Path file) {
    return new AccessSettings(
        Optional.of(file), scope, realm, maxFailures, allowInsecureAuth, cors);
  }

  public AccessSettings withScope(AccessScope value) {
    return new AccessSettings(authFile, value, realm, maxFailures, allowInsecureAuth, cors);
  }

  public AccessSettings withMaxFailures(int value) {
    return new AccessSettings(authFile, scope, realm, value, allowInsecureAuth, cors);
  }

  public AccessSettings withAllowInsecureAuth(boolean value) {
    return new AccessSettings(authFile, scope, realm, maxFailures, value, cors);
  }

  public AccessSettings withCors(CorsPolicy value) {
    return new AccessSettings(
        authFile, scope, realm, maxFailures, allowInsecureAuth, Optional.of(value));
  }

  /**
   * Why these settings would send passwords in clear text, if they would: Basic credentials over
   * plain HTTP on a listener other clients can reach, without {@code --allow-insecure-auth}.
   *
   * @param bind the address the server listens on
   * @param listenerIsTls whether the listener speaks TLS ({@link ServerSettings#listenerIsTls()})
   */
  public Optional<String> insecureAuthProblem(InetAddress bind, boolean listenerIsTls) {
    if (authFile.isEmpty() || listenerIsTls || allowInsecureAuth || bind.isLoopbackAddress()) {
      return Optional.empty();
    }
    return Optional.of(
        "passwords would cross the network in clear text: plain HTTP on "
            + bind.getHostAddress()
            + " is reachable by others; turn TLS on, bind to 127.0.0.1, or add"
            + " --allow-insecure-auth (behind a TLS-terminating proxy)");
  }
}
