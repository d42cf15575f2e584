package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransportConfigTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void defaults_are_the_documented_ones() {
    TransportConfig config = TransportConfig.defaults(LOOPBACK, 8080);

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.portFallbacks()).isZero();
    assertThat(config.backlog()).isEqualTo(511);
    assertThat(config.threadMode()).isEqualTo(ThreadMode.VIRTUAL);
    assertThat(config.maxConnections()).isEqualTo(4096);
    assertThat(config.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(75));
    assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void each_thread_mode_has_its_own_default_ceiling_unless_one_is_given() {
    assertThat(
            TransportConfig.builder(LOOPBACK)
                .threadMode(ThreadMode.VIRTUAL)
                .build()
                .maxConnections())
        .isEqualTo(4096);
    assertThat(
            TransportConfig.builder(LOOPBACK)
                .maxConnections(10)
                .threadMode(ThreadMode.PLATFORM)
                .build()
                .maxConnections())
        .isEqualTo(10);
    assertThat(TransportConfig.builder(LOOPBACK).maxConnections(10).build().maxConnections())
        .isEqualTo(10);
  }

  @Test
  void a_default_ceiling_follows_a_mode_changed_later_and_a_chosen_one_stays() {
    TransportConfig defaults = TransportConfig.defaults(LOOPBACK, 8080);
    assertThat(defaults.toBuilder().threadMode(ThreadMode.PLATFORM).build().maxConnections())
        .isEqualTo(1024);
    TransportConfig chosen = defaults.toBuilder().maxConnections(300).build();
    assertThat(chosen.toBuilder().threadMode(ThreadMode.PLATFORM).build().maxConnections())
        .isEqualTo(300);
  }

  @Test
  void to_builder_round_trips_every_field() {
    TransportConfig config =
        TransportConfig.builder(LOOPBACK)
            .port(1)
            .portFallbacks(2)
            .backlog(3)
            .threadMode(ThreadMode.VIRTUAL)
            .maxConnections(4)
            .headerTimeout(Duration.ofMillis(5))
            .bodyTimeout(Duration.ofMillis(6))
            .idleTimeout(Duration.ofMillis(7))
            .writeTimeout(Duration.ofMillis(8))
            .shutdownGrace(Duration.ZERO)
            .overloadWait(Duration.ZERO)
            .closeLinger(Duration.ZERO)
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  static Stream<Arguments> bad_values() {
    return Stream.of(
        Arguments.of("port", (UnaryOperator<TransportConfig.Builder>) b -> b.port(70000)),
        Arguments.of(
            "fallback range",
            (UnaryOperator<TransportConfig.Builder>) b -> b.port(65530).portFallbacks(19)),
        Arguments.of("backlog", (UnaryOperator<TransportConfig.Builder>) b -> b.backlog(0)),
        Arguments.of(
            "maxConnections", (UnaryOperator<TransportConfig.Builder>) b -> b.maxConnections(0)),
        Arguments.of(
            "headerTimeout",
            (UnaryOperator<TransportConfig.Builder>) b -> b.headerTimeout(Duration.ZERO)),
        Arguments.of(
            "bodyTimeout",
            (UnaryOperator<TransportConfig.Builder>) b -> b.bodyTimeout(Duration.ofSeconds(-1))),
        Arguments.of(
            "idleTimeout", (UnaryOperator<TransportConfig.Builder>) b -> b.idleTimeout(null)),
        Arguments.of(
            "writeTimeout",
            (UnaryOperator<TransportConfig.Builder>) b -> b.writeTimeout(Duration.ZERO)),
        Arguments.of(
            "shutdownGrace",
            (UnaryOperator<TransportConfig.Builder>) b -> b.shutdownGrace(Duration.ofMillis(-1))),
        Arguments.of(
            "overloadWait",
            (UnaryOperator<TransportConfig.Builder>) b -> b.overloadWait(Duration.ofMillis(-1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad_values")
  void a_bad_value_is_refused_when_the_config_is_built(
      String what, UnaryOperator<TransportConfig.Builder> bad) {
    assertThatThrownBy(() -> bad.apply(TransportConfig.builder(LOOPBACK)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
