package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.transport.tls.OpenSsl.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemFilesTest {

  @TempDir static Path dir;

  static Path caKey;
  static Path ca;
  static Path leafKey;
  static Path leaf;

  @BeforeAll
  static void makeAChain() throws Exception {
    caKey = OpenSsl.key(dir.resolve("ca.key"), KeyFormat.EC_PKCS8);
    ca = OpenSsl.selfSigned(caKey, dir.resolve("ca.pem"), "Test CA");
    leafKey = OpenSsl.key(dir.resolve("leaf.key"), KeyFormat.EC_PKCS8);
    leaf = OpenSsl.issued(leafKey, dir.resolve("leaf.pem"), "leaf", ca, caKey);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(KeyFormat.class)
  void loads_each_key_format_openssl_writes(KeyFormat format) throws Exception {
    Path key = OpenSsl.key(dir.resolve(format + ".key"), format);
    Path certificate = OpenSsl.selfSigned(key, dir.resolve(format + ".pem"), "format " + format);

    KeyMaterial material = new PemFiles(certificate, key).load();

    assertThat(material.chain()).hasSize(1);
    assertThat(material.leaf().getSubjectX500Principal().getName())
        .isEqualTo("CN=format " + format);
    assertThat(material.privateKey().getAlgorithm()).isIn("RSA", "EC", "EdDSA", "Ed25519");
    assertThat(material.fingerprint()).isEqualTo(OpenSsl.fingerprint(certificate));
  }

  @Test
  void the_key_files_are_the_formats_the_test_means() throws Exception {
    assertThat(Files.readString(OpenSsl.key(dir.resolve("p1.key"), KeyFormat.RSA_PKCS1)))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(OpenSsl.key(dir.resolve("sec1.key"), KeyFormat.EC_SEC1)))
        .contains("-----BEGIN EC PARAMETERS-----", "-----BEGIN EC PRIVATE KEY-----");
    assertThat(Files.readString(OpenSsl.key(dir.resolve("p8.key"), KeyFormat.EC_PKCS8)))
        .startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @Test
  void keeps_the_chain_in_the_order_given_leaf_first() throws Exception {
    Path fullchain = dir.resolve("fullchain.pem");
    Files.writeString(fullchain, Files.readString(leaf) + Files.readString(ca));

    KeyMaterial material = new PemFiles(fullchain, leafKey).load();

    assertThat(material.chain())
        .extracting(c -> c.getSubjectX500Principal().getName())
        .containsExactly("CN=leaf", "CN=Test CA");
    assertThat(material.privateKey()).isInstanceOf(ECPrivateKey.class);
  }

  @Test
  void reads_a_combined_file_given_as_both_certificate_and_key() throws Exception {
    Path combined = dir.resolve("combined.pem");
    Files.writeString(
        combined, Files.readString(leaf) + Files.readString(ca) + Files.readString(leafKey));

    PemFiles files = new PemFiles(combined, combined);

    assertThat(files.load().chain()).hasSize(2);
    assertThat(files.files()).containsExactly(combined);
  }

  @Test
  void refuses_a_key_that_is_not_the_certificates() throws Exception {
    Path otherKey = OpenSsl.key(dir.resolve("other.key"), KeyFormat.EC_PKCS8);

    assertThatThrownBy(() -> new PemFiles(leaf, otherKey).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("does not belong to the certificate in " + leaf)
        .hasMessageContaining("CN=leaf");
  }

  @Test
  void refuses_an_rsa_key_for_an_ec_certificate() throws Exception {
    Path rsaKey = OpenSsl.key(dir.resolve("rsa-mismatch.key"), KeyFormat.RSA_PKCS1);

    assertThatThrownBy(() -> new PemFiles(leaf, rsaKey).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("does not belong");
  }

  @Test
  void says_to_reorder_a_chain_whose_leaf_is_not_first() throws Exception {
    Path reversed = dir.resolve("reversed.pem");
    Files.writeString(reversed, Files.readString(ca) + Files.readString(leaf));

    assertThatThrownBy(() -> new PemFiles(reversed, leafKey).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("certificate 2 of 2")
        .hasMessageContaining("leaf first");
  }

  @Test
  void refuses_encrypted_keys_and_says_how_to_decrypt_them() throws Exception {
    Path pkcs8 = dir.resolve("encrypted-pkcs8.key");
    OpenSsl.run(
        dir,
        "pkey",
        "-in",
        leafKey.toString(),
        "-aes256",
        "-passout",
        "pass:secret",
        "-out",
        pkcs8.toString());
    Path traditional = dir.resolve("encrypted-traditional.key");
    Path rsaKey = OpenSsl.key(dir.resolve("to-encrypt.key"), KeyFormat.RSA_PKCS1);
    OpenSsl.run(
        dir,
        "rsa",
        "-in",
        rsaKey.toString(),
        "-traditional",
        "-aes256",
        "-passout",
        "pass:secret",
        "-out",
        traditional.toString());
    assertThat(Files.readString(pkcs8)).contains("BEGIN ENCRYPTED PRIVATE KEY");
    assertThat(Files.readString(traditional)).contains("Proc-Type: 4,ENCRYPTED");

    for (Path key : new Path[] {pkcs8, traditional}) {
      assertThatThrownBy(() -> new PemFiles(leaf, key).load())
          .isInstanceOf(TlsMaterialException.class)
          .hasMessageContaining(key + " is encrypted")
          .hasMessageContaining("openssl pkey -in " + key);
    }
  }

  @Test
  void names_the_missing_file() {
    Path missing = dir.resolve("no-such.pem");

    assertThatThrownBy(() -> new PemFiles(missing, leafKey).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("the certificate chain file " + missing + " does not exist");
    assertThatThrownBy(() -> new PemFiles(leaf, missing).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessage("the private key file " + missing + " does not exist");
  }

  @Test
  void says_what_it_expected_in_a_file_without_certificates() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.write(garbage, new byte[] {0x30, (byte) 0x82, 0x01, 0x0a, (byte) 0xff, 0x00, 'x', '\n'});
    Path der = dir.resolve("leaf.der");
    OpenSsl.run(dir, "x509", "-in", leaf.toString(), "-outform", "der", "-out", der.toString());

    for (Path file : new Path[] {garbage, der}) {
      assertThatThrownBy(() -> new PemFiles(file, leafKey).load())
          .isInstanceOf(TlsMaterialException.class)
          .hasMessageContaining("no certificate found in " + file)
          .hasMessageContaining("-----BEGIN CERTIFICATE-----")
          .hasMessageContaining("openssl x509 -inform der");
    }
    assertThatThrownBy(() -> new PemFiles(leaf, leaf).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("no private key found in " + leaf);
  }

  @Test
  void a_damaged_pem_block_is_reported_not_thrown_raw() throws Exception {
    Path damaged = dir.resolve("damaged.pem");
    Files.writeString(
        damaged, "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> new PemFiles(damaged, leafKey).load())
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageContaining("cannot read the certificate chain " + damaged);
  }

  @Test
  void never_shows_the_key_in_its_description() throws Exception {
    KeyMaterial material = new PemFiles(leaf, leafKey).load();
    Path rsa = OpenSsl.key(dir.resolve("shown.key"), KeyFormat.RSA_PKCS1);
    KeyMaterial rsaMaterial =
        new PemFiles(OpenSsl.selfSigned(rsa, dir.resolve("shown.pem"), "shown"), rsa).load();

    assertThat(material.toString())
        .contains("CN=leaf", "EC key")
        .doesNotContain("private value", "S:");
    assertThat(rsaMaterial.toString())
        .doesNotContain(
            ((RSAPrivateKey) rsaMaterial.privateKey()).getPrivateExponent().toString(16));
  }
}
