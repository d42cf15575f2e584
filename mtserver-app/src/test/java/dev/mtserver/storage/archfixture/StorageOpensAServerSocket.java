package dev.mtserver.storage.archfixture;

import java.io.IOException;
import java.net.ServerSocket;

/** Deliberately bad: a socket outside the transport. */
public class StorageOpensAServerSocket {
  public ServerSocket listen() throws IOException {
    return new ServerSocket(0);
  }
}
