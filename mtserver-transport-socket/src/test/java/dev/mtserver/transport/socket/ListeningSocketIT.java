package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

/** Binding: SO_REUSEADDR, the port-fallback rule, a clear error naming what was tried. */
class ListeningSocketIT {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void the_listener_reuses_addresses_and_resolves_an_ephemeral_port() throws Exception {
    try (ServerSocketChannel listener = ListeningSocket.bind(TransportConfig.defaults(LOOPBACK, 0))) {
      assertThat(listener.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
      assertThat(((InetSocketAddress) listener.getLocalAddress()).getPort()).isPositive();
    }
  }

  @Test
  void a_taken_port_falls_back_to_the_next_free_one_when_fallbacks_are_allowed() throws Exception {
    try (ServerSocketChannel blocker = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      int busy = ((InetSocketAddress) blocker.getLocalAddress()).getPort();
      TransportConfig config = TransportConfig.builder(LOOPBACK).port(busy).portFallbacks(5).build();

      try (ServerSocketChannel listener = ListeningSocket.bind(config)) {
        int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        assertThat(port).isBetween(busy + 1, busy + 5);
      }
    }
  }

  @Test
  void a_taken_port_without_fallbacks_is_an_error_naming_the_address_and_port() throws Exception {
    try (ServerSocketChannel blocker = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      int busy = ((InetSocketAddress) blocker.getLocalAddress()).getPort();

      assertThatThrownBy(() -> ListeningSocket.bind(TransportConfig.defaults(LOOPBACK, busy)))
          .isInstanceOf(BindException.class)
          .hasMessageContaining("127.0.0.1:" + busy + ":");
    }
  }
}
