package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.tls.CertificateReloader.Outcome;
import dev.mtserver.transport.tls.InMemoryTls.ClientOptions;
import dev.mtserver.transport.tls.InMemoryTls.Connection;
import dev.mtserver.transport.tls.OpenSsl.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates replaced under a running {@link ServerTls}: the way certbot renews (links under
 * {@code live/} moved to new files under {@code archive/}), the way people copy files over, and the
 * ways that go wrong.
 */
class CertificateReloadTest {

  static final TlsSettings CHECKED_BY_HAND =
      TlsSettings.defaults().withReloadInterval(Duration.ZERO);

  @TempDir Path dir;
  Path cert;
  Path key;

  @BeforeEach
  void firstCertificate() throws Exception {
    key = OpenSsl.key(dir.resolve("key.pem"), KeyFormat.EC_PKCS8);
    cert = OpenSsl.selfSigned(key, dir.resolve("cert.pem"), "first");
  }

  /** A new key and certificate with common name {@code name}, in {@code where}. */
  Path[] renewal(Path where, String name) throws Exception {
    Files.createDirectories(where);
    Path newKey = OpenSsl.key(where.resolve(name + ".key"), KeyFormat.EC_PKCS8);
    Path newCert = OpenSsl.selfSigned(newKey, where.resolve(name + ".pem"), name);
    return new Path[] {newCert, newKey};
  }

  static String servedName(ServerTls server) throws Exception {
    X509Certificate[] anchors = {server.current().leaf()};
    SSLContext client = InMemoryTls.clientTrusting(anchors);
    Connection connection =
        new Connection(
                InMemoryTls.client(client, "localhost", 443, ClientOptions.defaults()),
                server.serverEngine("client", 1))
            .handshake();
    return ((X509Certificate) connection.client.getSession().getPeerCertificates()[0])
        .getSubjectX500Principal()
        .getName();
  }

  /**
   * {@link #servedName}, while the watcher may swap the certificate: the test client trusts only
   * the certificate it read before its handshake, so a swap during the handshake fails it — an
   * artefact of the probe, not what a client of the server sees. Such a probe counts as "not yet".
   */
  static String servedNameWhileReloading(ServerTls server) throws Exception {
    try {
      return servedName(server);
    } catch (SSLHandshakeException swappedDuringTheHandshake) {
      return "";
    }
  }

  @Test
  void files_copied_over_are_served_to_the_next_handshake() throws Exception {
    try (ServerTls server = ServerTls.start(new PemFiles(cert, key), CHECKED_BY_HAND, null)) {
      assertThat(servedName(server)).isEqualTo("CN=first");
      Path[] second = renewal(dir.resolve("new"), "second");

      Files.copy(second[1], key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(second[0], cert, StandardCopyOption.REPLACE_EXISTING);

      assertThat(server.reloadNow()).isEqualTo(Outcome.RELOADED);
      assertThat(servedName(server)).isEqualTo("CN=second");
      assertThat(server.reloadNow()).isEqualTo(Outcome.UNCHANGED);
    }
  }

  @Test
  void a_connection_established_before_the_reload_keeps_working() throws Exception {
    try (ServerTls server = ServerTls.start(new PemFiles(cert, key), CHECKED_BY_HAND, null)) {
      SSLContext client = InMemoryTls.clientTrusting(server.current().leaf());
      Connection inFlight =
          new Connection(
                  InMemoryTls.client(client, "localhost", 443, ClientOptions.defaults()),
                  server.serverEngine("client", 1))
              .handshake();
      Path[] second = renewal(dir.resolve("new"), "second");
      Files.copy(second[1], key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(second[0], cert, StandardCopyOption.REPLACE_EXISTING);

      assertThat(server.reloadNow()).isEqualTo(Outcome.RELOADED);

      assertThat(inFlight.clientSends("still here")).isEqualTo("still here");
      assertThat(
              ((X509Certificate) inFlight.client.getSession().getPeerCertificates()[0])
                  .getSubjectX500Principal()
                  .getName())
          .isEqualTo("CN=first");
    }
  }

  @Test
  void a_certbot_renewal_moves_links_to_new_files_and_is_picked_up() throws Exception {
    // live/example/fullchain.pem -> ../../archive/example/fullchain1.pem, as certbot lays it out
    Path archive = Files.createDirectories(dir.resolve("archive/example"));
    Path live = Files.createDirectories(dir.resolve("live/example"));
    Files.copy(cert, archive.resolve("fullchain1.pem"));
    Files.copy(key, archive.resolve("privkey1.pem"));
    Path liveCert =
        Files.createSymbolicLink(
            live.resolve("fullchain.pem"), Path.of("../../archive/example/fullchain1.pem"));
    Path liveKey =
        Files.createSymbolicLink(
            live.resolve("privkey.pem"), Path.of("../../archive/example/privkey1.pem"));

    try (ServerTls server =
        ServerTls.start(new PemFiles(liveCert, liveKey), CHECKED_BY_HAND, null)) {
      assertThat(servedName(server)).isEqualTo("CN=first");
      Path[] renewed = renewal(dir.resolve("scratch"), "renewed");
      Files.copy(renewed[0], archive.resolve("fullchain2.pem"));
      Files.copy(renewed[1], archive.resolve("privkey2.pem"));
      relink(liveCert, Path.of("../../archive/example/fullchain2.pem"));
      relink(liveKey, Path.of("../../archive/example/privkey2.pem"));

      assertThat(server.reloadNow()).isEqualTo(Outcome.RELOADED);
      assertThat(servedName(server)).isEqualTo("CN=renewed");
    }
  }

  /** Points a link elsewhere atomically, as certbot does (a new link renamed over the old). */
  static void relink(Path link, Path target) throws Exception {
    Path fresh = link.resolveSibling(link.getFileName() + ".new");
    Files.createSymbolicLink(fresh, target);
    Files.move(fresh, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void a_changed_file_with_the_old_size_and_time_is_still_seen() throws Exception {
    try (ServerTls server = ServerTls.start(new PemFiles(cert, key), CHECKED_BY_HAND, null)) {
      FileTime certTime = Files.getLastModifiedTime(cert);
      FileTime keyTime = Files.getLastModifiedTime(key);
      Path[] second = renewal(dir.resolve("new"), "first"); // same name: same sizes for EC P-256
      Files.copy(second[1], key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(second[0], cert, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(cert, certTime);
      Files.setLastModifiedTime(key, keyTime);
      String before = server.current().fingerprint();

      assertThat(server.reloadNow()).isEqualTo(Outcome.RELOADED);
      assertThat(server.current().fingerprint()).isNotEqualTo(before);
    }
  }

  @Test
  void garbage_is_logged_once_and_the_old_certificate_stays() throws Exception {
    try (ServerTls server = ServerTls.start(new PemFiles(cert, key), CHECKED_BY_HAND, null);
        LogCapture log = new LogCapture()) {
      String served = server.current().fingerprint();

      Files.writeString(cert, "this is not a certificate\n");

      assertThat(server.reloadNow()).isEqualTo(Outcome.REFUSED);
      assertThat(server.reloadNow()).isEqualTo(Outcome.UNCHANGED);
      assertThat(servedName(server)).isEqualTo("CN=first");
      assertThat(server.current().fingerprint()).isEqualTo(served);
      List<String> warnings = log.containing("TLS certificate not reloaded");
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0))
          .startsWith("WARN ")
          .contains("still serving SHA-256 " + served)
          .contains("no certificate found in " + cert)
          .doesNotContain("\n");
    }
  }

  @Test
  void a_new_certificate_with_the_old_key_is_refused_until_the_key_follows() throws Exception {
    try (ServerTls server = ServerTls.start(new PemFiles(cert, key), CHECKED_BY_HAND, null);
        LogCapture log = new LogCapture()) {
      Path[] second = renewal(dir.resolve("new"), "second");

      Files.copy(second[0], cert, StandardCopyOption.REPLACE_EXISTING);
      assertThat(server.reloadNow()).isEqualTo(Outcome.REFUSED);
      assertThat(servedName(server)).isEqualTo("CN=first");
      assertThat(log.containing("does not belong")).hasSize(1);

      Files.copy(second[1], key, StandardCopyOption.REPLACE_EXISTING);
      assertThat(server.reloadNow()).isEqualTo(Outcome.RELOADED);
      assertThat(servedName(server)).isEqualTo("CN=second");
      assertThat(log.containing("TLS certificate reloaded")).hasSize(1);
    }
  }

  @Test
  void a_file_that_disappears_is_logged_once_and_the_old_certificate_stays() throws Exception {
    try (ServerTls server = ServerTls.start(new PemFiles(cert, key), CHECKED_BY_HAND, null);
        LogCapture log = new LogCapture()) {
      Files.delete(key);

      assertThat(server.reloadNow()).isEqualTo(Outcome.REFUSED);
      assertThat(server.reloadNow()).isEqualTo(Outcome.REFUSED);
      assertThat(servedName(server)).isEqualTo("CN=first");
      assertThat(log.containing("TLS certificate not reloaded")).hasSize(1);
    }
  }

  @Test
  void the_watcher_runs_on_a_thread_from_the_given_factory_and_stops_on_close() throws Exception {
    List<Thread> made = new CopyOnWriteArrayList<>();
    ThreadFactory factory =
        runnable -> {
          Thread thread =
              Thread.ofPlatform().name("test-tls-reload").daemon(true).unstarted(runnable);
          made.add(thread);
          return thread;
        };
    ServerTls server =
        ServerTls.start(
            new PemFiles(cert, key),
            TlsSettings.defaults().withReloadInterval(Duration.ofMillis(50)),
            factory);
    try {
      Path[] second = renewal(dir.resolve("new"), "second");
      Files.copy(second[1], key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(second[0], cert, StandardCopyOption.REPLACE_EXISTING);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!servedNameWhileReloading(server).equals("CN=second")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(servedName(server)).isEqualTo("CN=second");
      assertThat(made).hasSize(1);
      assertThat(made.get(0).isAlive()).isTrue();
    } finally {
      server.close();
    }
    assertThat(made.get(0).isAlive()).isFalse();
  }
}
