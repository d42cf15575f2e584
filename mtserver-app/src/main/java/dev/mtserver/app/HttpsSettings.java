package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether the listener speaks TLS, and with what (ADR 0039): {@code --tls-cert}/{@code --tls-key},
 * {@code --tls-keystore} or {@code --tls-self-signed}; and what goes with HTTPS: a plain listener
 * that redirects to it ({@code --redirect-http}) and {@code Strict-Transport-Security} ({@code
 * --hsts}).
 *
 * @param keys where the certificate and key come from; empty for plain HTTP
 * @param redirectHttpPort a second, plain listener on this port answering every request with 308 to
 *     the same path over HTTPS; only with {@code keys}
 * @param hsts the {@code max-age} of {@code Strict-Transport-Security} on HTTPS responses; only
 *     with {@code keys}
 */
public record HttpsSettings(
    Optional<KeySource> keys, OptionalInt redirectHttpPort, Optional<Duration> hsts) {

  public HttpsSettings {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(redirectHttpPort, "redirectHttpPort");
    Objects.requireNonNull(hsts, "hsts");
    checkArgument(
        keys.isPresent() || (redirectHttpPort.isEmpty() && hsts.isEmpty()),
        "a redirect to HTTPS and HSTS need TLS");
    redirectHttpPort.ifPresent(
        port -> checkArgument(port >= 0 && port <= 65535, "redirectHttpPort must be in 0..65535"));
    hsts.ifPresent(age -> checkArgument(!age.isNegative(), "hsts must not be negative"));
  }

  /** Plain HTTP: no TLS, no redirect, no HSTS. */
  public static HttpsSettings off() {
    return new HttpsSettings(Optional.empty(), OptionalInt.empty(), Optional.empty());
  }

  /** TLS with these keys, no redirect, no HSTS. */
  public static HttpsSettings with(KeySource keys) {
    return new HttpsSettings(Optional.of(keys), OptionalInt.empty(), Optional.empty());
  }

  public HttpsSettings withRedirectHttpPort(int port) {
    return new HttpsSettings(keys, OptionalInt.of(port), hsts);
  }

  public HttpsSettings withHsts(Duration maxAge) {
    return new HttpsSettings(keys, redirectHttpPort, Optional.of(maxAge));
  }

  /** Whether the listener speaks TLS. */
  public boolean enabled() {
    return keys.isPresent();
  }

  /** Where the server's certificate and private key come from. */
  public sealed interface KeySource {

    /**
     * A PEM certificate chain (leaf first) and a PEM private key, as certbot writes them: reloaded
     * when the files change.
     */
    record PemFiles(Path certificateChain, Path privateKey) implements KeySource {
      public PemFiles {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
      }
    }

    /** A PKCS#12 keystore with one key, opened with {@code password}: reloaded when it changes. */
    record Keystore(Path file, char[] password) implements KeySource {
      public Keystore {
        Objects.requireNonNull(file, "file");
        password = password.clone();
      }

      @Override
      public char[] password() {
        return password.clone();
      }

      @Override
      public boolean equals(Object o) {
        return o instanceof Keystore k && k.file.equals(file);
      }

      @Override
      public int hashCode() {
        return file.hashCode();
      }

      @Override
      public String toString() {
        return "Keystore[" + file + "]"; // never the password
      }
    }

    /**
     * A development certificate for {@code localhost}, the loopback addresses and the bind address,
     * made once and kept in {@code DATA/tls/}.
     */
    record SelfSigned() implements KeySource {}
  }
}
