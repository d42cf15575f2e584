package dev.mtserver.transport.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A PEM certificate chain and a PEM private key, as certbot ({@code fullchain.pem}, {@code
 * privkey.pem}) and {@code openssl} write them. BouncyCastle's {@link PEMParser} reads the blocks;
 * the JDK's own key factories make the keys, so BouncyCastle is never installed as a security
 * provider.
 *
 * <ul>
 *   <li>The chain file holds one or more {@code CERTIFICATE} blocks, the server's own first; they
 *       are sent in that order. Other blocks in it (a key, for a combined file) are skipped.
 *   <li>The key file holds one unencrypted key: {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE
 *       KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1, with or without the {@code EC PARAMETERS}
 *       block {@code openssl ecparam -genkey} puts before it). Both paths may name the same file.
 *   <li>Encrypted keys are refused: a server that restarts unattended has no one to type a pass
 *       phrase. The message says how to decrypt one.
 *   <li>The key must belong to the first certificate; otherwise the message says which is wrong.
 * </ul>
 *
 * @param certificateChain the PEM certificate chain, leaf first
 * @param privateKey the PEM private key
 */
public record PemFiles(Path certificateChain, Path privateKey) implements KeyMaterialSource {

  public PemFiles {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
  }

  @Override
  public KeyMaterial load() throws TlsMaterialException {
    List<X509Certificate> chain = readChain();
    PrivateKey key = readKey();
    KeyPairCheck.requireLeafMatches(key, chain, certificateChain.toString());
    return new KeyMaterial(key, chain);
  }

  @Override
  public List<Path> files() {
    return certificateChain.equals(privateKey)
        ? List.of(certificateChain)
        : List.of(certificateChain, privateKey);
  }

  @Override
  public String description() {
    return certificateChain.equals(privateKey)
        ? certificateChain.toString()
        : certificateChain + " + " + privateKey;
  }

  private List<X509Certificate> readChain() throws TlsMaterialException {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser pem = open(certificateChain, "certificate chain")) {
      for (Object block = pem.readObject(); block != null; block = pem.readObject()) {
        if (block instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new TlsMaterialException(
          "cannot read the certificate chain "
              + certificateChain
              + ": it is not valid PEM ("
              + e.getMessage()
              + ")",
          e);
    }
    if (chain.isEmpty()) {
      throw new TlsMaterialException(
          "no certificate found in "
              + certificateChain
              + ": expected one or more '-----BEGIN CERTIFICATE-----' blocks, the server's own"
              + " first (a binary DER file converts with 'openssl x509 -inform der -in FILE -out"
              + " FILE.pem')");
    }
    return chain;
  }

  private PrivateKey readKey() throws TlsMaterialException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    PrivateKey found = null;
    try (PEMParser pem = open(privateKey, "private key")) {
      for (Object block = pem.readObject(); block != null; block = pem.readObject()) {
        PrivateKey key =
            switch (block) {
              case PrivateKeyInfo pkcs8 -> converter.getPrivateKey(pkcs8);
              case PEMKeyPair traditional -> converter.getKeyPair(traditional).getPrivate();
              case PEMEncryptedKeyPair ignored -> throw encrypted();
              case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted();
              // the EC PARAMETERS block 'openssl ecparam -genkey' writes before the key (an
              // ASN1ObjectIdentifier), certificates in a combined file
              default -> null;
            };
        if (key != null) {
          if (found != null) {
            throw new TlsMaterialException(
                "more than one private key in "
                    + privateKey
                    + ": keep only the key of the server's certificate");
          }
          found = key;
        }
      }
    } catch (TlsMaterialException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new TlsMaterialException(
          "cannot read the private key "
              + privateKey
              + ": it is not a valid PEM key ("
              + e.getMessage()
              + ")",
          e);
    }
    if (found == null) {
      throw new TlsMaterialException(
          "no private key found in "
              + privateKey
              + ": expected '-----BEGIN PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----'"
              + " or '-----BEGIN EC PRIVATE KEY-----'");
    }
    return found;
  }

  private TlsMaterialException encrypted() {
    return new TlsMaterialException(
        "the private key "
            + privateKey
            + " is encrypted with a pass"
            + " phrase, which a server that restarts on its own cannot type: write a decrypted copy"
            + " with 'openssl pkey -in "
            + privateKey
            + " -out KEY.pem', readable by the server's user"
            + " only (chmod 600), and use that");
  }

  private static PEMParser open(Path file, String what) throws TlsMaterialException {
    try {
      // Latin-1 maps every byte, so a stray non-ASCII byte reaches the PEM parser (which skips
      // text outside blocks) instead of failing as a charset error with no useful message.
      Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
      return new PEMParser(reader);
    } catch (NoSuchFileException e) {
      throw new TlsMaterialException("the " + what + " file " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new TlsMaterialException(
          "the " + what + " file " + file + " cannot be read by this user: check its permissions",
          e);
    } catch (IOException e) {
      throw new TlsMaterialException("cannot open the " + what + " file " + file + ": " + e, e);
    }
  }
}
