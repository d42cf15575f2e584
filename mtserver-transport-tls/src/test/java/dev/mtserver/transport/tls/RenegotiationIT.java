package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.transport.tls.OpenSsl.KeyFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe {@link TlsPolicy} gives the application — set {@value
 * TlsPolicy#REJECT_CLIENT_RENEGOTIATION} before the first handshake (this module's Failsafe
 * configuration does) — does refuse a TLS 1.2 client's renegotiation.
 */
class RenegotiationIT {

  @TempDir Path dir;

  @Test
  void a_client_initiated_renegotiation_is_refused() throws Exception {
    assertThat(System.getProperty(TlsPolicy.REJECT_CLIENT_RENEGOTIATION)).isEqualTo("true");
    Path key = OpenSsl.key(dir.resolve("key.pem"), KeyFormat.EC_PKCS8);
    Path cert = OpenSsl.selfSigned(key, dir.resolve("cert.pem"), "localhost");
    try (ServerTls tls =
            ServerTls.start(
                new PemFiles(cert, key), HandshakeTest.NO_RELOAD, HandshakeTest.NO_THREADS);
        LoopbackTlsServer server = new LoopbackTlsServer(tls);
        SSLSocket client =
            (SSLSocket)
                InMemoryTls.clientTrusting(tls.current().leaf())
                    .getSocketFactory()
                    .createSocket("localhost", server.port())) {
      client.setSoTimeout(10_000);
      client.setEnabledProtocols(new String[] {"TLSv1.2"});
      client.startHandshake();
      assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");

      assertThatThrownBy(
              () -> {
                client.startHandshake();
                client
                    .getOutputStream()
                    .write(
                        "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                client.getInputStream().readAllBytes();
              })
          .isInstanceOf(SSLException.class);
    }
  }
}
