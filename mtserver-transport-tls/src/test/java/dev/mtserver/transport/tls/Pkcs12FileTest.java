package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.transport.tls.OpenSsl.KeyFormat;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs12FileTest {

  @TempDir static Path dir;
  static Path leafKey;
  static Path fullchain;
  static Path keystore;

  @BeforeAll
  static void keystore() throws Exception {
    Path caKey = OpenSsl.key(dir.resolve("ca.key"), KeyFormat.RSA_PKCS8);
    Path ca = OpenSsl.selfSigned(caKey, dir.resolve("ca.pem"), "Test CA");
    leafKey = OpenSsl.key(dir.resolve("leaf.key"), KeyFormat.RSA_PKCS1);
    Path leaf = OpenSsl.issued(leafKey, dir.resolve("leaf.pem"), "leaf", ca, caKey);
    fullchain =
        Files.writeString(
            dir.resolve("fullchain.pem"), Files.readString(leaf) + Files.readString(ca));
    keystore = OpenSsl.pkcs12(leafKey, fullchain, dir.resolve("server.p12"), "s3cret pässword");
  }

  @Test
  void opens_an_openssl_keystore_with_its_password() throws Exception {
    KeyMaterial material = new Pkcs12File(keystore, "s3cret pässword".toCharArray()).load();

    assertThat(material.chain())
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=leaf", "CN=Test CA");
    assertThat(material.privateKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(material.fingerprint())
        .isEqualTo(new PemFiles(fullchain, leafKey).load().fingerprint());
  }

  @Test
  void serves_a_handshake() throws Exception {
    try (ServerTls server =
        ServerTls.start(
            new Pkcs12File(keystore, "s3cret pässword".toCharArray()),
            HandshakeTest.NO_RELOAD,
            HandshakeTest.NO_THREADS)) {
      var connection =
          HandshakeTest.connect(server, InMemoryTls.ClientOptions.defaults()).handshake();
      assertThat(connection.client.getSession().getPeerCertificates()).hasSize(2);
    }
  }

  @Test
  void a_wrong_password_says_so_and_names_where_the_password_comes_from() {
    assertThatThrownBy(() -> new Pkcs12File(keystore, "wrong".toCharArray()).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("the password does not open the keystore " + keystore)
        .hasMessageContaining("--tls-keystore-password-file")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void a_file_that_is_not_pkcs12_is_refused_clearly() throws Exception {
    assertThatThrownBy(() -> new Pkcs12File(fullchain, "x".toCharArray()).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("cannot read the keystore " + fullchain);
    Path missing = dir.resolve("missing.p12");
    assertThatThrownBy(() -> new Pkcs12File(missing, "x".toCharArray()).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("the keystore " + missing + " does not exist");
  }

  @Test
  void a_keystore_with_two_keys_is_refused_rather_than_guessed_at() throws Exception {
    char[] password = "pw".toCharArray();
    KeyMaterial one = new Pkcs12File(keystore, "s3cret pässword".toCharArray()).load();
    KeyStore two = KeyStore.getInstance("PKCS12");
    two.load(null, null);
    two.setKeyEntry("first", one.privateKey(), password, one.chain().toArray(Certificate[]::new));
    two.setKeyEntry("second", one.privateKey(), password, one.chain().toArray(Certificate[]::new));
    Path file = dir.resolve("two.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      two.store(out, password);
    }

    assertThatThrownBy(() -> new Pkcs12File(file, password).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("holds 2 private keys")
        .hasMessageContaining("first")
        .hasMessageContaining("second");
  }

  @Test
  void a_keystore_with_only_certificates_is_refused() throws Exception {
    char[] password = "pw".toCharArray();
    KeyStore trustOnly = KeyStore.getInstance("PKCS12");
    trustOnly.load(null, null);
    trustOnly.setCertificateEntry("ca", new PemFiles(fullchain, leafKey).load().chain().get(1));
    Path file = dir.resolve("trust.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      trustOnly.store(out, password);
    }

    assertThatThrownBy(() -> new Pkcs12File(file, password).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("holds no private key");
  }

  @Test
  void a_password_file_gives_its_first_line_without_the_line_ending() throws Exception {
    assertThat(Pkcs12File.readPassword(Files.writeString(dir.resolve("pw1"), "s3cret pässword\n")))
        .isEqualTo("s3cret pässword".toCharArray());
    assertThat(Pkcs12File.readPassword(Files.writeString(dir.resolve("pw2"), "windows\r\n")))
        .isEqualTo("windows".toCharArray());
    assertThat(Pkcs12File.readPassword(Files.writeString(dir.resolve("pw3"), "no newline")))
        .isEqualTo("no newline".toCharArray());
    assertThat(
            Pkcs12File.readPassword(
                Files.writeString(dir.resolve("pw4"), " spaces kept \nsecond line\n")))
        .isEqualTo(" spaces kept ".toCharArray());
  }

  @Test
  void a_password_file_that_is_missing_or_not_utf8_is_refused() throws Exception {
    Path missing = dir.resolve("no-password");
    assertThatThrownBy(() -> Pkcs12File.readPassword(missing))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("the keystore password file " + missing + " does not exist");
    Path latin1 =
        Files.write(dir.resolve("latin1"), "pässword".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> Pkcs12File.readPassword(latin1))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("is not UTF-8 text");
  }

  @Test
  void keeps_its_own_copy_of_the_password() throws Exception {
    char[] password = "s3cret pässword".toCharArray();
    Pkcs12File source = new Pkcs12File(keystore, password);

    java.util.Arrays.fill(password, '\0');

    assertThat(source.load().chain()).hasSize(2);
    assertThat(source.toString()).doesNotContain("s3cret");
  }
}
