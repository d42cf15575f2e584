package dev.mtserver.dynamic.fastcgi;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.net.HostAndPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where php-fpm listens: a Unix domain socket ({@code unix:/run/php/php-fpm.sock}) or a TCP port
 * ({@code 127.0.0.1:9000}, {@code [::1]:9000}, {@code php:9000}), as php-fpm's own {@code listen}
 * and nginx's {@code fastcgi_pass} write them.
 */
public sealed interface FastCgiAddress {

  /** The socket address to connect to; a host name is looked up again at each connection. */
  SocketAddress socketAddress() throws IOException;

  /**
   * A Unix domain socket.
   *
   * @param socket its absolute path
   */
  record Unix(Path socket) implements FastCgiAddress {
    public Unix {
      Objects.requireNonNull(socket, "socket");
      checkArgument(socket.isAbsolute(), "the socket's path must be absolute: %s", socket);
    }

    @Override
    public SocketAddress socketAddress() {
      return UnixDomainSocketAddress.of(socket);
    }

    @Override
    public String toString() {
      return "unix:" + socket;
    }
  }

  /**
   * A TCP port.
   *
   * @param host a host name or an IP address (IPv6 without brackets)
   * @param port 1–65535
   */
  record Tcp(String host, int port) implements FastCgiAddress {
    public Tcp {
      Objects.requireNonNull(host, "host");
      checkArgument(!host.isEmpty(), "the host must not be empty");
      checkArgument(port >= 1 && port <= 65535, "the port must be 1..65535");
    }

    @Override
    public SocketAddress socketAddress() throws IOException {
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (address.isUnresolved()) {
        throw new UnknownHostException(host);
      }
      return address;
    }

    @Override
    public String toString() {
      return HostAndPort.fromParts(host, port).toString();
    }
  }

  /**
   * Reads {@code unix:/PATH} (or a bare absolute path) or {@code HOST:PORT}.
   *
   * @throws IllegalArgumentException with a message fit for the command line
   */
  public static FastCgiAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.startsWith("unix:") || text.startsWith("/")) {
      String path = text.startsWith("unix:") ? text.substring("unix:".length()) : text;
      try {
        Path socket = Path.of(path);
        checkArgument(socket.isAbsolute(), "a php-fpm socket must be an absolute path: %s", text);
        return new Unix(socket);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException("not a socket path: " + text, e);
      }
    }
    HostAndPort hostAndPort;
    try {
      hostAndPort = HostAndPort.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected unix:/PATH or HOST:PORT, not " + text, e);
    }
    checkArgument(
        hostAndPort.hasPort() && !hostAndPort.getHost().isEmpty(),
        "expected unix:/PATH or HOST:PORT, not %s",
        text);
    return new Tcp(hostAndPort.getHost(), hostAndPort.getPort());
  }
}
