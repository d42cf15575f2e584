package dev.mtserver.app.cli;

import dev.mtserver.app.AccessSettings;
import dev.mtserver.domain.access.AccessScope;
import dev.mtserver.domain.access.FailureThrottle;
import dev.mtserver.http.site.access.CorsPolicy;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Who may call the server: the password file, the scope of it, CORS (ADR 0040). */
final class AccessOptions {

  @Option(
      names = "--auth-file",
      paramLabel = "FILE",
      description = {
        "Apache htpasswd file of the users who may write (bcrypt or SHA-crypt entries: htpasswd"
            + " -B FILE USER); re-read when it changes. Requests that need credentials and lack"
            + " them get 401.",
        "Default: none (anyone may post forms and upload)"
      },
      showDefaultValue = Visibility.NEVER)
  Path authFile;

  @Option(
      names = "--auth-scope",
      paramLabel = "writes|all",
      defaultValue = "writes",
      converter = ScopeConverter.class,
      description =
          "With --auth-file, which requests need credentials: writes (POST, PUT, PATCH, DELETE and"
              + " every other unsafe method) or all (reads too, except /healthz).")
  AccessScope authScope;

  @Option(
      names = "--auth-realm",
      paramLabel = "NAME",
      description = "The realm browsers show when they ask for a password.")
  String authRealm = AccessSettings.DEFAULT_REALM;

  @Option(
      names = "--auth-max-failures",
      paramLabel = "N",
      description =
          "Wrong passwords allowed per client address and minute; past it, 429 with Retry-After"
              + " until the minute is over. 0 turns it off.")
  int authMaxFailures = FailureThrottle.DEFAULT_MAX_FAILURES;

  @Option(
      names = "--allow-insecure-auth",
      defaultValue = "false",
      showDefaultValue = Visibility.ALWAYS,
      description =
          "Allow --auth-file on plain HTTP on a non-loopback address (passwords in clear text;"
              + " only behind a TLS-terminating proxy).")
  boolean allowInsecureAuth;

  @Option(
      names = "--cors",
      paramLabel = "ORIGIN[,ORIGIN...]|*",
      description = {
        "Let pages from these origins call the server from a browser (with credentials), or *:"
            + " any origin, reads only, never with credentials.",
        "Default: none"
      },
      showDefaultValue = Visibility.NEVER)
  String cors;

  /**
   * The settings these flags describe.
   *
   * @throws IllegalArgumentException naming the flag, with a message for the operator
   */
  AccessSettings settings() {
    if (authMaxFailures < 0) {
      throw new IllegalArgumentException("--auth-max-failures: must not be negative");
    }
    if (!authRealm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
      throw new IllegalArgumentException(
          "--auth-realm: only printable ASCII without \" or \\ is allowed");
    }
    AccessSettings settings =
        new AccessSettings(
            java.util.Optional.ofNullable(authFile),
            authScope,
            authRealm,
            authMaxFailures,
            allowInsecureAuth,
            java.util.Optional.empty());
    if (cors != null) {
      try {
        settings = settings.withCors(CorsPolicy.parse(cors));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--cors: " + e.getMessage(), e);
      }
    }
    return settings;
  }

  /** Accepts {@code writes} or {@code all}, in any case. */
  static final class ScopeConverter implements ITypeConverter<AccessScope> {
    @Override
    public AccessScope convert(String value) {
      try {
        return AccessScope.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not one of writes, all");
      }
    }
  }
}
