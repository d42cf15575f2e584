package dev.mtserver.transport.socket;

import dev.mtserver.threads.ThreadSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A {@link SocketServer} on an ephemeral loopback port with short, test-sized timeouts. */
final class RunningServer implements AutoCloseable {

  final SocketServer server;
  final InetSocketAddress address;
  final TransportConfig config;

  private RunningServer(TransportConfig config, SocketServer server) throws IOException {
    this.config = config;
    this.server = server;
    this.address = server.start();
  }

  /**
   * Defaults for tests: every timeout a few seconds, so a broken test fails fast instead of
   * hanging.
   */
  static TransportConfig.Builder testConfig(ThreadMode mode) {
    return TransportConfig.builder(InetAddress.getLoopbackAddress())
        .port(0)
        .threadMode(mode)
        .headerTimeout(Duration.ofSeconds(5))
        .bodyTimeout(Duration.ofSeconds(5))
        .idleTimeout(Duration.ofSeconds(5))
        .writeTimeout(Duration.ofSeconds(5))
        .shutdownGrace(Duration.ofSeconds(2))
        .closeLinger(Duration.ofMillis(500));
  }

  static RunningServer start(
      ThreadMode mode, TinyHttpHandler handler, UnaryOperator<TransportConfig.Builder> tune)
      throws IOException {
    TransportConfig config = tune.apply(testConfig(mode)).build();
    return new RunningServer(config, new SocketServer(config, handler, new ThreadSource()));
  }

  static RunningServer start(ThreadMode mode, TinyHttpHandler handler) throws IOException {
    return start(mode, handler, b -> b);
  }

  static RunningServer start(TransportConfig config, SocketServer server) throws IOException {
    return new RunningServer(config, server);
  }

  RawClient connect() throws IOException {
    return new RawClient(address);
  }

  TransportStats stats() {
    return server.stats();
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
