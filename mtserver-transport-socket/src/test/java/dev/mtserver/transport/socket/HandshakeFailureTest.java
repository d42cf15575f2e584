package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The reasons /metrics gives for failed handshakes, from the JDK's own messages. */
class HandshakeFailureTest {

  @Test
  void the_jdks_failures_get_the_reason_an_operator_acts_on() {
    assertThat(HandshakeFailure.of(new SocketTimeoutException("deadline")))
        .isEqualTo(HandshakeFailure.TIMEOUT);
    assertThat(
            HandshakeFailure.of(
                new SSLHandshakeException(
                    "Client requested protocol TLSv1.1 is not enabled or supported in server"
                        + " context")))
        .isEqualTo(HandshakeFailure.NO_COMMON_PARAMETERS);
    assertThat(HandshakeFailure.of(new SSLHandshakeException("no cipher suites in common")))
        .isEqualTo(HandshakeFailure.NO_COMMON_PARAMETERS);
    assertThat(
            HandshakeFailure.of(
                new SSLHandshakeException("Received fatal alert: certificate_unknown")))
        .isEqualTo(HandshakeFailure.CERTIFICATE_REJECTED);
    assertThat(HandshakeFailure.of(new SSLHandshakeException("Received fatal alert: unknown_ca")))
        .isEqualTo(HandshakeFailure.CERTIFICATE_REJECTED);
    assertThat(
            HandshakeFailure.of(new SSLHandshakeException("Remote host terminated the handshake")))
        .isEqualTo(HandshakeFailure.CLIENT_CLOSED);
    assertThat(HandshakeFailure.of(new EOFException())).isEqualTo(HandshakeFailure.CLIENT_CLOSED);
    assertThat(HandshakeFailure.of(new SocketException("Connection reset")))
        .isEqualTo(HandshakeFailure.CLIENT_CLOSED);
    assertThat(
            HandshakeFailure.of(
                new SSLHandshakeException("Unsupported or unrecognized SSL message")))
        .isEqualTo(HandshakeFailure.OTHER);
  }
}
