package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** {@code TCP_CORK} on a real loopback socket, read back with {@code getsockopt}. */
@EnabledOnOs(OS.LINUX)
class TcpCorkIT {

  private final TcpCork cork = TcpCork.detect();

  @Test
  void is_available_when_sun_nio_ch_is_opened_as_the_build_and_the_jar_do() {
    assertThat(cork.available()).as(String.valueOf(cork.unavailableReason())).isTrue();
  }

  @Test
  void corks_and_uncorks_a_connected_socket() throws IOException {
    try (ServerSocketChannel listener =
            ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        SocketChannel server = listener.accept()) {
      assertThat(cork.isSet(server)).isFalse();

      cork.set(server, true);
      assertThat(cork.isSet(server)).isTrue();
      assertThat(cork.isSet(client)).as("only the socket it was set on").isFalse();

      cork.set(server, false);
      assertThat(cork.isSet(server)).isFalse();
    }
  }

  @Test
  void sets_tcp_nodelay_through_the_same_native_call() throws IOException {
    try (ServerSocketChannel listener =
            ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        SocketChannel server = listener.accept()) {
      assertThat(server.getOption(StandardSocketOptions.TCP_NODELAY)).isFalse();

      assertThat(cork.setNoDelay(server)).as("set here, not left to the caller").isTrue();
      assertThat(server.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
      assertThat(client.getOption(StandardSocketOptions.TCP_NODELAY)).isFalse();
      assertThat(cork.isSet(server)).as("the cork untouched").isFalse();
    }
  }

  @Test
  void a_closed_socket_fails_with_an_io_exception() throws IOException {
    try (ServerSocketChannel listener =
        ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      SocketChannel client = SocketChannel.open(listener.getLocalAddress());
      client.close();

      assertThatThrownBy(() -> cork.set(client, true)).isInstanceOf(IOException.class);
    }
  }
}
