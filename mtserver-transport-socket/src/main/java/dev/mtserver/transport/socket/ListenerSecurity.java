package dev.mtserver.transport.socket;

import dev.mtserver.transport.tls.ServerTls;
import java.io.IOException;
import java.util.Optional;

/**
 * Whether a listener speaks TLS: the app's choice, handed to {@link SocketServer} (ADR 0039). On a
 * TLS listener every accepted connection, refused ones included, completes its handshake before the
 * engine sees a byte; the handshakes are counted here.
 */
final class ListenerSecurity {

  private final Optional<ServerTls> tls;
  private final TlsHandshakes handshakes = new TlsHandshakes();

  ListenerSecurity(Optional<ServerTls> tls) {
    this.tls = tls;
  }

  boolean isTls() {
    return tls.isPresent();
  }

  /**
   * Makes {@code connection} ready for the engine: nothing to do in the clear; on TLS, the first
   * byte and the handshake ({@link SocketConnection#startTls}).
   *
   * @return whether the engine may serve it; if not, the caller just closes it
   */
  boolean secure(SocketConnection connection) throws IOException {
    return tls.isEmpty() || connection.startTls(tls.get(), handshakes);
  }

  TlsHandshakeStats stats() {
    return handshakes.stats();
  }
}
