package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.transport.tls.InMemoryTls.ClientOptions;
import dev.mtserver.transport.tls.InMemoryTls.Connection;
import dev.mtserver.transport.tls.OpenSsl.KeyFormat;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real JSSE handshakes against {@link ServerTls}, one per key format and per policy point. */
class HandshakeTest {

  static final ThreadFactory NO_THREADS =
      r -> {
        throw new AssertionError("reloading is off in this test");
      };
  static final TlsSettings NO_RELOAD =
      TlsSettings.defaults().withReloadInterval(java.time.Duration.ZERO);

  @TempDir static Path dir;
  static final Map<KeyFormat, ServerTls> SERVERS = new EnumMap<>(KeyFormat.class);

  @BeforeAll
  static void oneServerPerKeyFormat() throws Exception {
    for (KeyFormat format : KeyFormat.values()) {
      Path key = OpenSsl.key(dir.resolve(format + ".key"), format);
      Path certificate = OpenSsl.selfSigned(key, dir.resolve(format + ".pem"), "localhost");
      SERVERS.put(format, ServerTls.start(new PemFiles(certificate, key), NO_RELOAD, NO_THREADS));
    }
  }

  @AfterAll
  static void close() {
    SERVERS.values().forEach(ServerTls::close);
  }

  static Connection connect(ServerTls server, ClientOptions options) throws Exception {
    SSLContext client = InMemoryTls.clientTrusting(server.current().leaf());
    return new Connection(
        InMemoryTls.client(client, "localhost", 443, options),
        server.serverEngine("client", 50_000));
  }

  static Connection connect(ServerTls server, SSLContext client, ClientOptions options) {
    return new Connection(
        InMemoryTls.client(client, "localhost", 443, options),
        server.serverEngine("client", 50_000));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(KeyFormat.class)
  void every_key_format_serves_tls_1_3_to_a_verifying_client(KeyFormat format) throws Exception {
    ServerTls server = SERVERS.get(format);

    Connection connection = connect(server, ClientOptions.defaults()).handshake();

    assertThat(connection.client.getSession().getProtocol()).isEqualTo("TLSv1.3");
    assertThat((X509Certificate) connection.client.getSession().getPeerCertificates()[0])
        .isEqualTo(server.current().leaf());
    assertThat(connection.clientSends("GET / HTTP/1.1\r\n")).isEqualTo("GET / HTTP/1.1\r\n");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = KeyFormat.class,
      names = {"RSA_PKCS1", "RSA_PKCS8", "EC_SEC1", "EC_PKCS8"})
  void tls_1_2_gets_a_forward_secret_aead_suite(KeyFormat format) throws Exception {
    Connection connection =
        connect(SERVERS.get(format), ClientOptions.defaults().protocols("TLSv1.2")).handshake();

    String suite = connection.server.getSession().getCipherSuite();
    assertThat(connection.server.getSession().getProtocol()).isEqualTo("TLSv1.2");
    assertThat(suite).startsWith("TLS_ECDHE_").containsAnyOf("_GCM_", "_CHACHA20_POLY1305_");
    assertThat(suite).contains(format.name().startsWith("RSA") ? "_RSA_" : "_ECDSA_");
  }

  @Test
  void the_server_chooses_the_suite_by_its_own_preference() throws Exception {
    Connection connection =
        connect(
                SERVERS.get(KeyFormat.EC_PKCS8),
                ClientOptions.defaults()
                    .protocols("TLSv1.3")
                    .cipherSuites(
                        "TLS_CHACHA20_POLY1305_SHA256",
                        "TLS_AES_256_GCM_SHA384",
                        "TLS_AES_128_GCM_SHA256"))
            .handshake();

    assertThat(connection.server.getSession().getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
  }

  @Test
  void a_client_offering_only_cbc_suites_is_refused() {
    ClientOptions cbcOnly =
        ClientOptions.defaults()
            .protocols("TLSv1.2")
            .cipherSuites(
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");

    assertThatThrownBy(() -> connect(SERVERS.get(KeyFormat.EC_PKCS8), cbcOnly).handshake())
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void a_client_offering_only_finite_field_dhe_is_refused() {
    ClientOptions dheOnly =
        ClientOptions.defaults()
            .protocols("TLSv1.2")
            .cipherSuites(
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");

    assertThatThrownBy(() -> connect(SERVERS.get(KeyFormat.RSA_PKCS8), dheOnly).handshake())
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void alpn_settles_on_http_1_1_when_the_client_offers_h2_too() throws Exception {
    Connection connection =
        connect(SERVERS.get(KeyFormat.EC_PKCS8), ClientOptions.defaults().alpn("h2", "http/1.1"))
            .handshake();

    assertThat(connection.server.getApplicationProtocol()).isEqualTo("http/1.1");
    assertThat(connection.client.getApplicationProtocol()).isEqualTo("http/1.1");
  }

  @Test
  void a_client_without_alpn_is_served_without_it() throws Exception {
    Connection connection =
        connect(SERVERS.get(KeyFormat.EC_PKCS8), ClientOptions.defaults()).handshake();

    assertThat(connection.server.getApplicationProtocol()).isEmpty();
  }

  @Test
  void a_client_that_wants_only_h2_is_refused_rather_than_given_http_1_1() {
    assertThatThrownBy(
            () ->
                connect(SERVERS.get(KeyFormat.EC_PKCS8), ClientOptions.defaults().alpn("h2"))
                    .handshake())
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("application");
  }

  @Test
  void a_client_that_trusts_another_certificate_fails_the_handshake() throws Exception {
    SSLContext trustsRsa =
        InMemoryTls.clientTrusting(SERVERS.get(KeyFormat.RSA_PKCS1).current().leaf());

    assertThatThrownBy(
            () ->
                connect(SERVERS.get(KeyFormat.EC_PKCS8), trustsRsa, ClientOptions.defaults())
                    .handshake())
        .isInstanceOf(SSLHandshakeException.class);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = TlsVersion.class)
  void a_second_connection_resumes_the_session_without_sending_the_certificate(TlsVersion version)
      throws Exception {
    ServerTls server = SERVERS.get(KeyFormat.RSA_PKCS8);
    SSLContext client = InMemoryTls.clientTrusting(server.current().leaf());
    ClientOptions options = ClientOptions.defaults().protocols(version.protocol);
    int certificateBytes = server.current().leaf().getEncoded().length;

    Connection first = connect(server, client, options).handshake();
    first.clientSends("first");
    Connection second = connect(server, client, options).handshake();

    assertThat(second.server.getSession().getProtocol()).isEqualTo(version.protocol);
    assertThat(first.serverBytes).isGreaterThan(certificateBytes);
    assertThat(second.serverBytes).isLessThan(first.serverBytes - certificateBytes);
    assertThat(second.client.getSession().getPeerCertificates()[0])
        .isEqualTo(server.current().leaf());
  }

  @Test
  void the_session_settings_reach_the_context() throws Exception {
    ServerTls server = SERVERS.get(KeyFormat.EC_PKCS8);

    assertThat(server.context().getServerSessionContext().getSessionCacheSize())
        .isEqualTo(TlsSettings.DEFAULT_SESSION_CACHE_SIZE);
    assertThat(server.context().getServerSessionContext().getSessionTimeout())
        .isEqualTo((int) TlsSettings.DEFAULT_SESSION_TIMEOUT.toSeconds());
  }

  enum TlsVersion {
    TLS_1_3("TLSv1.3"),
    TLS_1_2("TLSv1.2");

    final String protocol;

    TlsVersion(String protocol) {
      this.protocol = protocol;
    }
  }
}
