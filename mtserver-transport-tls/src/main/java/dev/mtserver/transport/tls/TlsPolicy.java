package dev.mtserver.transport.tls;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What MTServer accepts in a handshake, in one place (ADR 0032):
 *
 * <ul>
 *   <li>TLS 1.3 and TLS 1.2 only.
 *   <li>Forward-secret AEAD suites only: the three TLS 1.3 suites, and for TLS 1.2 ECDHE with
 *       AES-GCM or ChaCha20-Poly1305, for ECDSA and RSA certificates. No CBC, no static RSA key
 *       exchange, no finite-field DHE (whose group sizes scanners rightly question).
 *   <li>The server's order of preference decides (AES-128-GCM first: as strong as needed and the
 *       fastest with AES-NI; ChaCha20 last).
 *   <li>ALPN offers {@code http/1.1} only: a client that offers ALPN without it (only {@code h2})
 *       fails the handshake with {@code no_application_protocol}, as RFC 7301 §3.2 allows, rather
 *       than speaking a protocol it did not ask for.
 *   <li>No client certificates.
 * </ul>
 *
 * <p><b>Renegotiation.</b> TLS 1.3 has none. For TLS 1.2 the JDK honours secure client-initiated
 * renegotiation unless the system property {@value #REJECT_CLIENT_RENEGOTIATION} is {@code true},
 * which it reads once, when its TLS classes load. Library code sets no system property, so the
 * application's {@code main} must set it before the first handshake (scanners such as testssl.sh
 * report client-initiated renegotiation as a denial-of-service risk).
 *
 * <p><b>Session resumption.</b> The JDK resumes TLS 1.3 sessions with stateless tickets (PSK) and
 * TLS 1.2 sessions with tickets (RFC 5077) or session IDs; it rotates the ticket keys itself.
 * {@link TlsSettings} bounds the server's session cache and how long a session may be resumed.
 */
public final class TlsPolicy {

  /** The system property the application sets to refuse client-initiated renegotiation. */
  public static final String REJECT_CLIENT_RENEGOTIATION =
      "jdk.tls.rejectClientInitiatedRenegotiation";

  /** Newest first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** In the server's order of preference. */
  public static final List<String> CIPHER_SUITES =
      List.of(
          // TLS 1.3 (every one of its suites is forward-secret AEAD)
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          // TLS 1.2, ECDSA certificates
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          // TLS 1.2, RSA certificates
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** The one application protocol this server speaks. */
  public static final String HTTP_1_1 = "http/1.1";

  private TlsPolicy() {}

  /**
   * The parameters every server-side {@code SSLSocket} or {@code SSLEngine} gets: the policy above,
   * restricted to what {@code context} supports (a JDK without ChaCha20 still starts).
   */
  public static SSLParameters serverParameters(SSLContext context) {
    SSLParameters supported = context.getSupportedSSLParameters();
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(intersect(PROTOCOLS, supported.getProtocols()));
    parameters.setCipherSuites(intersect(CIPHER_SUITES, supported.getCipherSuites()));
    parameters.setUseCipherSuitesOrder(true);
    parameters.setApplicationProtocols(new String[] {HTTP_1_1});
    parameters.setNeedClientAuth(false);
    parameters.setWantClientAuth(false);
    return parameters;
  }

  private static String[] intersect(List<String> wanted, String[] available) {
    Set<String> offered = Set.copyOf(Arrays.asList(available));
    String[] kept = wanted.stream().filter(offered::contains).toArray(String[]::new);
    if (kept.length == 0) {
      throw new IllegalStateException("this JDK supports none of " + wanted);
    }
    return kept;
  }
}
