package dev.mtserver.dynamic.fastcgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FastCgiAddressTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unix:/run/php/php8.2-fpm.sock | unix:/run/php/php8.2-fpm.sock",
        "/run/php/php8.2-fpm.sock      | unix:/run/php/php8.2-fpm.sock",
        "127.0.0.1:9000                | 127.0.0.1:9000",
        "[::1]:9000                    | [::1]:9000",
        "php:9000                      | php:9000"
      })
  void both_forms_are_read(String text, String shown) {
    assertThat(FastCgiAddress.parse(text).toString()).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "unix:relative.sock",
        "unix:",
        "localhost",
        "localhost:",
        ":9000",
        "host:0",
        "host:70000",
        "[::1]",
        "host:port"
      })
  void anything_else_is_refused_with_the_forms_it_expects(String text) {
    assertThatThrownBy(() -> FastCgiAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void the_socket_address_is_what_the_jdk_connects_to() throws Exception {
    assertThat(FastCgiAddress.parse("unix:/tmp/x.sock").socketAddress())
        .isEqualTo(UnixDomainSocketAddress.of(Path.of("/tmp/x.sock")));
    assertThat(FastCgiAddress.parse("127.0.0.1:9000").socketAddress())
        .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9000));
  }
}
