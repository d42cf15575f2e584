package dev.mtserver.transport.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Proves that a private key belongs to a certificate by signing a random challenge with the key and
 * verifying it with the certificate's public key: one test for RSA, EC and EdDSA alike, with no key
 * arithmetic of our own. Without it a mismatched pair would load and then fail every handshake with
 * an error the client, not the operator, sees.
 */
final class KeyPairCheck {

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyPairCheck() {}

  /**
   * @param where the file the chain came from, for the message
   * @throws TlsMaterialException when the key belongs to no certificate of the chain, or to one
   *     that is not the first
   */
  static void requireLeafMatches(PrivateKey key, List<X509Certificate> chain, String where)
      throws TlsMaterialException {
    if (matches(key, chain.get(0).getPublicKey())) {
      return;
    }
    for (int i = 1; i < chain.size(); i++) {
      if (matches(key, chain.get(i).getPublicKey())) {
        throw new TlsMaterialException(
            "the private key belongs to certificate "
                + (i + 1)
                + " of "
                + chain.size()
                + " in "
                + where
                + " ("
                + chain.get(i).getSubjectX500Principal()
                + "), but the server's own certificate must come first: reorder the file, leaf"
                + " first (certbot's fullchain.pem already is)");
      }
    }
    throw new TlsMaterialException(
        "the private key does not belong to the certificate in "
            + where
            + " ("
            + chain.get(0).getSubjectX500Principal().getName()
            + "): check that the key and certificate files are from the same issue or renewal");
  }

  static boolean matches(PrivateKey key, PublicKey publicKey) throws TlsMaterialException {
    if (!compatible(key.getAlgorithm(), publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm = signatureAlgorithm(key);
    byte[] challenge = new byte[32];
    RANDOM.nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      // A key of the right type on another curve, or a damaged key: not this certificate's key.
      return false;
    }
  }

  private static boolean compatible(String keyAlgorithm, String publicKeyAlgorithm) {
    return keyAlgorithm.equals(publicKeyAlgorithm)
        || (isEdDsa(keyAlgorithm) && isEdDsa(publicKeyAlgorithm));
  }

  private static boolean isEdDsa(String algorithm) {
    return algorithm.equals("EdDSA") || algorithm.equals("Ed25519") || algorithm.equals("Ed448");
  }

  private static String signatureAlgorithm(PrivateKey key) throws TlsMaterialException {
    String algorithm = key.getAlgorithm();
    return switch (algorithm) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
      default ->
          throw new TlsMaterialException(
              "the private key is a " + algorithm + " key; MTServer serves RSA, EC and EdDSA keys");
    };
  }
}
