package dev.mtserver.transport.tls.archfixture;

import dev.mtserver.http.spi.ClientConnection;

/** Deliberately bad: TLS material that knows the HTTP engine's connection. */
public class TlsSeesTheHttpSpi {
  public Object peer(ClientConnection connection) {
    return connection;
  }
}
