package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.tls.InMemoryTls.ClientOptions;
import dev.mtserver.transport.tls.InMemoryTls.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DevelopmentCertificateTest {

  /** The time of this test, frozen: each test gets its own. */
  final Clock now = Clock.fixed(Instant.now(), ZoneOffset.UTC);

  @TempDir Path data;

  Path tls() {
    return data.resolve("tls");
  }

  @Test
  void names_localhost_both_loopbacks_and_the_bind_address() throws Exception {
    DevelopmentCertificate certificate =
        DevelopmentCertificate.loadOrCreate(tls(), List.of("192.0.2.7"), now);

    assertThat(certificate.generated()).isTrue();
    assertThat(certificate.names()).containsExactly("localhost", "127.0.0.1", "::1", "192.0.2.7");
    assertThat(certificate.material().leaf().getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(
            ((ECPublicKey) certificate.material().leaf().getPublicKey())
                .getParams()
                .getCurve()
                .getField()
                .getFieldSize())
        .isEqualTo(256);
    assertThat(certificate.material().leaf().getSigAlgName()).isEqualTo("SHA256withECDSA");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "[::]"})
  void skips_a_wildcard_bind_address(String wildcard) throws Exception {
    DevelopmentCertificate certificate =
        DevelopmentCertificate.loadOrCreate(tls(), List.of(wildcard), now);

    assertThat(certificate.names()).containsExactly("localhost", "127.0.0.1", "::1");
  }

  @Test
  void names_a_host_name_as_a_dns_name() throws Exception {
    DevelopmentCertificate certificate =
        DevelopmentCertificate.loadOrCreate(
            tls(), List.of("Dev.Example.TEST", "[2001:db8::1]"), now);

    assertThat(certificate.names()).contains("dev.example.test", "2001:db8::1");
    assertThat(certificate.material().leaf().getSubjectAlternativeNames())
        .contains(List.of(2, "dev.example.test"));
  }

  @Test
  void its_fingerprint_is_the_one_openssl_prints() throws Exception {
    DevelopmentCertificate certificate = DevelopmentCertificate.loadOrCreate(tls(), List.of(), now);

    assertThat(certificate.fingerprint())
        .isEqualTo(OpenSsl.fingerprint(tls().resolve(DevelopmentCertificate.CERTIFICATE_FILE)))
        .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
  }

  @Test
  void is_reused_on_the_next_start() throws Exception {
    DevelopmentCertificate first =
        DevelopmentCertificate.loadOrCreate(tls(), List.of("192.0.2.7"), now);

    DevelopmentCertificate second =
        DevelopmentCertificate.loadOrCreate(
            tls(), List.of("192.0.2.7"), Clock.offset(now, Duration.ofDays(100)));

    assertThat(second.generated()).isFalse();
    assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
  }

  @Test
  void is_kept_where_only_its_owner_can_read_it() throws Exception {
    DevelopmentCertificate.loadOrCreate(tls(), List.of(), now);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls())))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tls().resolve(DevelopmentCertificate.KEY_FILE))))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(
                    tls().resolve(DevelopmentCertificate.CERTIFICATE_FILE))))
        .isEqualTo("rw-------");
    try (var listing = Files.list(tls())) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              DevelopmentCertificate.CERTIFICATE_FILE, DevelopmentCertificate.KEY_FILE);
    }
  }

  @Test
  void tightens_permissions_someone_loosened() throws Exception {
    DevelopmentCertificate.loadOrCreate(tls(), List.of(), now);
    Path key = tls().resolve(DevelopmentCertificate.KEY_FILE);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(tls(), PosixFilePermissions.fromString("rwxr-xr-x"));

    DevelopmentCertificate again = DevelopmentCertificate.loadOrCreate(tls(), List.of(), now);

    assertThat(again.generated()).isFalse();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls())))
        .isEqualTo("rwx------");
  }

  @Test
  void is_replaced_when_it_nears_its_end() throws Exception {
    DevelopmentCertificate first = DevelopmentCertificate.loadOrCreate(tls(), List.of(), now);

    Clock late =
        Clock.offset(
            now,
            DevelopmentCertificate.VALIDITY
                .minus(DevelopmentCertificate.RENEW_BEFORE)
                .plusHours(1));
    DevelopmentCertificate renewed = DevelopmentCertificate.loadOrCreate(tls(), List.of(), late);

    assertThat(renewed.generated()).isTrue();
    assertThat(renewed.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(renewed.material().notAfter()).isAfter(late.instant().plus(Duration.ofDays(300)));
  }

  @Test
  void is_replaced_when_the_bind_address_changed() throws Exception {
    DevelopmentCertificate first =
        DevelopmentCertificate.loadOrCreate(tls(), List.of("192.0.2.7"), now);

    DevelopmentCertificate moved =
        DevelopmentCertificate.loadOrCreate(tls(), List.of("192.0.2.8"), now);

    assertThat(moved.generated()).isTrue();
    assertThat(moved.fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(moved.names()).contains("192.0.2.8").doesNotContain("192.0.2.7");
  }

  @Test
  void is_replaced_when_a_file_is_damaged_or_missing() throws Exception {
    DevelopmentCertificate.loadOrCreate(tls(), List.of(), now);
    Files.writeString(tls().resolve(DevelopmentCertificate.CERTIFICATE_FILE), "damaged");

    assertThat(DevelopmentCertificate.loadOrCreate(tls(), List.of(), now).generated()).isTrue();

    Files.delete(tls().resolve(DevelopmentCertificate.KEY_FILE));
    assertThat(DevelopmentCertificate.loadOrCreate(tls(), List.of(), now).generated()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "127.0.0.1", "::1"})
  void a_client_that_trusts_it_verifies_each_loopback_name(String host) throws Exception {
    DevelopmentCertificate certificate = DevelopmentCertificate.loadOrCreate(tls(), List.of(), now);
    SSLContext client = InMemoryTls.clientTrusting(certificate.material().leaf());

    try (ServerTls server =
        ServerTls.start(certificate.files(), HandshakeTest.NO_RELOAD, HandshakeTest.NO_THREADS)) {
      Connection connection =
          new Connection(
                  InMemoryTls.client(client, host, 8443, ClientOptions.defaults()),
                  server.serverEngine("client", 1))
              .handshake();
      assertThat(connection.client.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void openssl_accepts_it_as_its_own_trust_anchor() throws Exception {
    DevelopmentCertificate.loadOrCreate(tls(), List.of(), now);
    String cert = tls().resolve(DevelopmentCertificate.CERTIFICATE_FILE).toString();

    assertThat(
            OpenSsl.run(
                data,
                "verify",
                "-CAfile",
                cert,
                "-purpose",
                "sslserver",
                "-verify_hostname",
                "localhost",
                cert))
        .contains("OK");
  }
}
