package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class TlsPolicyTest {

  @Test
  void parameters_carry_the_whole_policy() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);

    SSLParameters parameters = TlsPolicy.serverParameters(context);

    assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(parameters.getCipherSuites()).containsExactlyElementsOf(TlsPolicy.CIPHER_SUITES);
    assertThat(parameters.getUseCipherSuitesOrder()).isTrue();
    assertThat(parameters.getApplicationProtocols()).containsExactly("http/1.1");
    assertThat(parameters.getNeedClientAuth()).isFalse();
    assertThat(parameters.getWantClientAuth()).isFalse();
  }

  @Test
  void every_suite_is_forward_secret_and_aead() {
    assertThat(TlsPolicy.CIPHER_SUITES)
        .allSatisfy(
            suite -> {
              boolean tls13 = !suite.contains("_WITH_");
              assertThat(tls13 || suite.startsWith("TLS_ECDHE_")).as(suite).isTrue();
              assertThat(suite)
                  .containsAnyOf("_GCM_", "_CHACHA20_POLY1305_")
                  .doesNotContain("CBC", "_SHA\0");
            });
  }
}
