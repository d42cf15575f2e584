package dev.mtserver.http.spi;

import java.io.IOException;

/**
 * Serves one client connection from its first byte to its end, on the calling thread.
 *
 * <p>The transport calls {@link #serve} once per accepted connection, on the worker thread that
 * owns it, and closes the connection after {@code serve} returns or throws. Implementations read
 * requests and write responses in a loop for as long as the connection stays persistent.
 */
@FunctionalInterface
public interface ConnectionHandler {

  void serve(ClientConnection connection) throws IOException;
}
