package dev.mtserver.transport.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's one key and chain, swappable while the server runs.
 *
 * <p>JSSE asks a key manager only during a handshake: it chooses an alias, then asks for that
 * alias's chain and key in separate calls. {@link #install} swaps one immutable snapshot for
 * another, so a new handshake sees the new certificate and connections already established are
 * untouched. Each snapshot has its own alias ({@code mtserver-1}, {@code mtserver-2}, …), and the
 * snapshot before the current one is kept, so a handshake that chose its alias just before a swap
 * still gets a key and chain that belong together.
 *
 * <p>An alias is offered only for the key type JSSE asks about ({@code "RSA"} for RSA suites and
 * signature schemes, {@code "EC"} for ECDSA, {@code "EdDSA"}), so a client that cannot use the
 * key's type gets a clean handshake failure rather than a wrong signature.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {

  private record Snapshot(String alias, KeyMaterial material, Snapshot previous) {}

  private static final String ALIAS_PREFIX = "mtserver-";

  private final AtomicLong generations = new AtomicLong();
  private final AtomicReference<Snapshot> current;

  public ReloadingKeyManager(KeyMaterial initial) {
    current = new AtomicReference<>(snapshot(initial, null));
  }

  /** Serves {@code material} from the next handshake on. */
  public void install(KeyMaterial material) {
    Objects.requireNonNull(material, "material");
    current.updateAndGet(
        old -> snapshot(material, new Snapshot(old.alias(), old.material(), null)));
  }

  /** The material new handshakes get. */
  public KeyMaterial current() {
    return current.get().material();
  }

  private Snapshot snapshot(KeyMaterial material, Snapshot previous) {
    return new Snapshot(ALIAS_PREFIX + generations.incrementAndGet(), material, previous);
  }

  private String aliasFor(String keyType) {
    Snapshot now = current.get();
    return keyType != null && sameKeyType(keyType, now.material().privateKey().getAlgorithm())
        ? now.alias()
        : null;
  }

  private static boolean sameKeyType(String asked, String algorithm) {
    if (asked.equals(algorithm)) {
      return true;
    }
    // JDK EdDSA keys call themselves "EdDSA"; other providers use the curve's name.
    return asked.equals("EdDSA") && (algorithm.equals("Ed25519") || algorithm.equals("Ed448"));
  }

  private KeyMaterial byAlias(String alias) {
    for (Snapshot s = current.get(); s != null; s = s.previous()) {
      if (s.alias().equals(alias)) {
        return s.material();
      }
    }
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    KeyMaterial material = byAlias(alias);
    return material == null ? null : material.chain().toArray(X509Certificate[]::new);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    KeyMaterial material = byAlias(alias);
    return material == null ? null : material.privateKey();
  }

  /** A server never presents a client certificate. */
  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  /** A server never presents a client certificate. */
  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  /** A server never presents a client certificate. */
  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
