package dev.mtserver.transport.socket;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the listening socket: {@code SO_REUSEADDR} (so a restart does not wait out old connections
 * in TIME_WAIT), the configured {@code listen(2)} backlog, and the port-fallback rule.
 */
final class ListeningSocket {

  private static final Logger log = LoggerFactory.getLogger(ListeningSocket.class);

  private ListeningSocket() {}

  /**
   * IPv4 for one IPv4 address. The JDK's default is an IPv6 socket even then (bound to {@code
   * ::ffff:127.0.0.1}), and every connection to it pays for the mapping: 15-35 µs more from {@code
   * connect} to the first response byte on loopback, measured with {@code curl -w}. The wildcard
   * {@code 0.0.0.0} keeps the default: the JDK binds it as {@code ::}, which IPv6 clients can reach
   * too, and that is what {@code --bind 0.0.0.0} has always meant here.
   */
  private static ProtocolFamily family(InetAddress address) {
    return address instanceof Inet4Address && !address.isAnyLocalAddress()
        ? StandardProtocolFamily.INET
        : StandardProtocolFamily.INET6;
  }

  /**
   * Binds {@code config.port()}, or when it is taken the next free one of the following {@code
   * config.portFallbacks()} ports.
   *
   * @throws BindException naming the address and the whole range tried, if none could be bound
   */
  static ServerSocketChannel bind(TransportConfig config) throws IOException {
    BindException last = null;
    int attempts = config.port() == 0 ? 1 : config.portFallbacks() + 1;
    for (int i = 0; i < attempts; i++) {
      int port = config.port() == 0 ? 0 : config.port() + i;
      ServerSocketChannel channel = ServerSocketChannel.open(family(config.bindAddress()));
      try {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(new InetSocketAddress(config.bindAddress(), port), config.backlog());
        if (i > 0) {
          log.info("Port {} was taken; using {}", config.port(), port);
        }
        return channel;
      } catch (BindException e) {
        channel.close();
        last = e;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }
    String range =
        attempts == 1
            ? Integer.toString(config.port())
            : config.port() + ".." + (config.port() + config.portFallbacks());
    BindException failure =
        new BindException(
            "cannot listen on "
                + config.bindAddress().getHostAddress()
                + ":"
                + range
                + ": "
                + last.getMessage());
    failure.initCause(last);
    throw failure;
  }
}
