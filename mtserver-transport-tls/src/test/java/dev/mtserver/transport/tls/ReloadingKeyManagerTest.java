package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.tls.OpenSsl.KeyFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeyManagerTest {

  @TempDir static Path dir;
  static KeyMaterial ec;
  static KeyMaterial ec2;
  static KeyMaterial rsa;

  @BeforeAll
  static void material() throws Exception {
    ec = load(KeyFormat.EC_PKCS8, "ec");
    ec2 = load(KeyFormat.EC_SEC1, "ec2");
    rsa = load(KeyFormat.RSA_PKCS1, "rsa");
  }

  static KeyMaterial load(KeyFormat format, String name) throws Exception {
    Path key = OpenSsl.key(dir.resolve(name + ".key"), format);
    return new PemFiles(OpenSsl.selfSigned(key, dir.resolve(name + ".pem"), name), key).load();
  }

  @Test
  void offers_its_key_only_for_the_key_type_asked_about() {
    ReloadingKeyManager manager = new ReloadingKeyManager(ec);

    assertThat(manager.chooseEngineServerAlias("EC", null, null)).isNotNull();
    assertThat(manager.chooseEngineServerAlias("RSA", null, null)).isNull();
    assertThat(manager.chooseServerAlias("RSASSA-PSS", null, null)).isNull();
    assertThat(manager.getServerAliases("EC", null)).hasSize(1);
    assertThat(manager.getServerAliases("RSA", null)).isNull();
  }

  @Test
  void a_handshake_that_chose_its_alias_before_a_swap_still_gets_a_matching_pair() {
    ReloadingKeyManager manager = new ReloadingKeyManager(ec);
    String chosenBefore = manager.chooseEngineServerAlias("EC", null, null);

    manager.install(ec2);

    assertThat(manager.getPrivateKey(chosenBefore)).isEqualTo(ec.privateKey());
    assertThat(manager.getCertificateChain(chosenBefore)).containsExactlyElementsOf(ec.chain());
    String chosenAfter = manager.chooseEngineServerAlias("EC", null, null);
    assertThat(chosenAfter).isNotEqualTo(chosenBefore);
    assertThat(manager.getPrivateKey(chosenAfter)).isEqualTo(ec2.privateKey());
  }

  @Test
  void only_the_snapshot_before_the_current_one_is_kept() {
    ReloadingKeyManager manager = new ReloadingKeyManager(ec);
    String first = manager.chooseEngineServerAlias("EC", null, null);

    manager.install(ec2);
    manager.install(rsa);

    assertThat(manager.getPrivateKey(first)).isNull();
    assertThat(manager.chooseEngineServerAlias("RSA", null, null)).isNotNull();
    assertThat(manager.chooseEngineServerAlias("EC", null, null)).isNull();
  }

  @Test
  void presents_no_client_certificate() {
    ReloadingKeyManager manager = new ReloadingKeyManager(ec);

    assertThat(manager.chooseEngineClientAlias(new String[] {"EC"}, null, null)).isNull();
    assertThat(manager.getClientAliases("EC", null)).isNull();
    assertThat(manager.getPrivateKey("unknown")).isNull();
  }
}
