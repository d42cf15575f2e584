package dev.mtserver.transport.socket;

import java.util.Map;

/**
 * A listener's TLS handshakes so far: those completed, and those that failed, by {@link
 * HandshakeFailure#label()} (every reason present, zero or not). All zero on a plain listener.
 *
 * @param completed handshakes that completed: the connection went on to HTTP
 * @param failures failed handshakes by reason, plain HTTP on the TLS port among them
 */
public record TlsHandshakeStats(long completed, Map<String, Long> failures) {

  public TlsHandshakeStats {
    failures = Map.copyOf(failures);
  }
}
