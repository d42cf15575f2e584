package dev.mtserver.transport.socket;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a TLS handshake on a listener did not complete, as {@code /metrics} labels it ({@code
 * mtserver_tls_handshake_failures_total{reason=…}}). The JDK reports every failure as an {@link
 * SSLException} whose message names the alert; the few reasons an operator acts on differently are
 * told apart here, and everything else is {@link #OTHER}.
 */
public enum HandshakeFailure {
  /** A plain HTTP request on the TLS port, answered with a clear-text 400. */
  PLAIN_HTTP("plain_http"),
  /** The handshake was not done by the request head's deadline (a stalled or very slow client). */
  TIMEOUT("timeout"),
  /** No protocol version, cipher suite or application protocol in common (an old or odd client). */
  NO_COMMON_PARAMETERS("no_common_parameters"),
  /** The client refused the certificate (self-signed, expired, wrong name): its alert says so. */
  CERTIFICATE_REJECTED("certificate_rejected"),
  /** The client closed or reset the connection during the handshake (scanners, health probes). */
  CLIENT_CLOSED("client_closed"),
  /** Anything else: malformed records, a non-TLS first byte, an internal error. */
  OTHER("other");

  private final String label;

  HandshakeFailure(String label) {
    this.label = label;
  }

  /** The metric's label value. */
  public String label() {
    return label;
  }

  /** Classifies a failed handshake by the exception it ended with. */
  static HandshakeFailure of(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return TIMEOUT;
    }
    if (e instanceof EOFException || e instanceof SocketException) {
      return CLIENT_CLOSED;
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("certificate_unknown")
        || message.contains("bad_certificate")
        || message.contains("unknown_ca")
        || message.contains("certificate_expired")) {
      return CERTIFICATE_REJECTED;
    }
    if (message.contains("protocol")
        || message.contains("cipher suites in common")
        || message.contains("handshake_failure")
        || message.contains("no_application_protocol")) {
      return NO_COMMON_PARAMETERS;
    }
    if (message.contains("terminated") || message.contains("reset") || message.contains("eof")) {
      return CLIENT_CLOSED;
    }
    return OTHER;
  }
}
