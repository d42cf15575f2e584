package dev.mtserver.transport.tls;

import com.google.common.hash.Hashing;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * A certificate's SHA-256 fingerprint in the form people compare by eye: upper-case hex pairs
 * joined by colons, as {@code openssl x509 -fingerprint -sha256} and browsers' certificate viewers
 * print it. The banner shows it so that a self-signed certificate can be checked before it is
 * trusted.
 */
public final class CertificateFingerprint {

  private static final HexFormat PAIRS = HexFormat.ofDelimiter(":").withUpperCase();

  private CertificateFingerprint() {}

  public static String sha256(X509Certificate certificate) {
    try {
      return PAIRS.formatHex(Hashing.sha256().hashBytes(certificate.getEncoded()).asBytes());
    } catch (CertificateEncodingException e) {
      // A certificate the JDK parsed always re-encodes; this would be a JDK bug.
      throw new IllegalStateException("cannot encode " + certificate.getSubjectX500Principal(), e);
    }
  }
}
