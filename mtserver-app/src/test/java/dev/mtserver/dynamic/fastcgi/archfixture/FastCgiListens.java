package dev.mtserver.dynamic.fastcgi.archfixture;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

/** Deliberately bad: the FastCGI client opening a listening socket. */
public final class FastCgiListens {

  public ServerSocketChannel listen() throws IOException {
    return ServerSocketChannel.open();
  }
}
