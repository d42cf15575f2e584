package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Binding: SO_REUSEADDR, the port-fallback rule, a clear error naming what was tried. */
class ListeningSocketIT {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void the_listener_reuses_addresses_and_resolves_an_ephemeral_port() throws Exception {
    try (ServerSocketChannel listener =
        ListeningSocket.bind(TransportConfig.defaults(LOOPBACK, 0))) {
      assertThat(listener.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
      assertThat(((InetSocketAddress) listener.getLocalAddress()).getPort()).isPositive();
    }
  }

  /**
   * An IPv4 address gets an IPv4 socket, not the JDK's default IPv6 one bound to {@code
   * ::ffff:127.0.0.1}, which costs every connection the address mapping. Java reports the same
   * local address either way, so this asks the kernel, through {@code ss} (iproute2).
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void an_ipv4_address_is_served_by_an_ipv4_socket() throws Exception {
    try (ServerSocketChannel listener =
        ListeningSocket.bind(TransportConfig.defaults(LOOPBACK, 0))) {
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      Process ss =
          new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
      String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(out.split("\\s+")).as(out).contains("127.0.0.1:" + port);
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  @SuppressWarnings("AddressSelection") // "::1" is a literal: nothing is resolved
  void the_ipv4_wildcard_also_takes_ipv6_clients_as_before() throws Exception {
    assumeTrue(
        NetworkInterface.networkInterfaces()
            .flatMap(NetworkInterface::inetAddresses)
            .anyMatch(a -> a instanceof Inet6Address && a.isLoopbackAddress()),
        "this machine has no IPv6 loopback address");
    InetAddress wildcard = InetAddress.getByName("0.0.0.0");
    try (ServerSocketChannel listener =
        ListeningSocket.bind(TransportConfig.defaults(wildcard, 0))) {
      int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
      try (SocketChannel client =
          SocketChannel.open(new InetSocketAddress(InetAddress.getByName("::1"), port))) {
        assertThat(client.isConnected()).isTrue();
      }
    }
  }

  @Test
  void a_taken_port_falls_back_to_the_next_free_one_when_fallbacks_are_allowed() throws Exception {
    try (ServerSocketChannel blocker =
        ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      int busy = ((InetSocketAddress) blocker.getLocalAddress()).getPort();
      TransportConfig config =
          TransportConfig.builder(LOOPBACK).port(busy).portFallbacks(5).build();

      try (ServerSocketChannel listener = ListeningSocket.bind(config)) {
        int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        assertThat(port).isBetween(busy + 1, busy + 5);
      }
    }
  }

  @Test
  void a_taken_port_without_fallbacks_is_an_error_naming_the_address_and_port() throws Exception {
    try (ServerSocketChannel blocker =
        ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
      int busy = ((InetSocketAddress) blocker.getLocalAddress()).getPort();

      assertThatThrownBy(() -> ListeningSocket.bind(TransportConfig.defaults(LOOPBACK, busy)))
          .isInstanceOf(BindException.class)
          .hasMessageContaining("127.0.0.1:" + busy + ":");
    }
  }
}
