package dev.mtserver.transport.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a TLS server presents: its private key and the certificate chain that goes with it, the
 * server's own certificate (the leaf) first, then the intermediates in the order the files gave
 * them. Immutable; {@link #toString()} never shows the key.
 *
 * @param privateKey the leaf certificate's private key
 * @param chain the leaf first; never empty
 */
public record KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {

  public KeyMaterial {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "a certificate chain needs at least the server's certificate");
    }
  }

  /** The server's own certificate, the one whose public key matches {@link #privateKey()}. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The leaf's SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it. */
  public String fingerprint() {
    return CertificateFingerprint.sha256(leaf());
  }

  /** When the leaf expires. */
  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  /** Whether the leaf is no longer valid at {@code moment}. */
  public boolean expiresBefore(Instant moment) {
    return !notAfter().isAfter(moment);
  }

  @Override
  public String toString() {
    return "KeyMaterial["
        + leaf().getSubjectX500Principal().getName()
        + ", "
        + privateKey.getAlgorithm()
        + " key, "
        + chain.size()
        + " certificate(s), SHA-256 "
        + fingerprint()
        + "]";
  }
}
