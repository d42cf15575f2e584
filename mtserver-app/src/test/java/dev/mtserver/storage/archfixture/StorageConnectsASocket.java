package dev.mtserver.storage.archfixture;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/** Deliberately bad: a client socket outside the transport and the FastCGI client. */
public class StorageConnectsASocket {
  public SocketChannel connect() throws IOException {
    return SocketChannel.open();
  }
}
