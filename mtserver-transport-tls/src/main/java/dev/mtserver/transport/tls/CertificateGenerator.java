package dev.mtserver.transport.tls;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a self-signed server certificate with BouncyCastle's certificate builder (the key pair and
 * the signature come from the JDK's own providers): EC P-256, ECDSA with SHA-256, the given names
 * as subject alternative names (IP literals as addresses, the rest as DNS names), a server
 * certificate that is no CA ({@code basicConstraints CA:FALSE}, {@code digitalSignature}, {@code
 * serverAuth}), valid from an hour before {@code now} to tolerate clock skew.
 */
final class CertificateGenerator {

  /**
   * {@code GeneralName} tags as {@code X509Certificate.getSubjectAlternativeNames()} reports them.
   */
  static final int DNS_NAME = GeneralName.dNSName;

  static final int IP_ADDRESS = GeneralName.iPAddress;

  private static final SecureRandom RANDOM = new SecureRandom();

  private CertificateGenerator() {}

  static KeyMaterial selfSigned(List<String> names, Instant now, Duration validity) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair pair = generator.generateKeyPair();

      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.O, "MTServer development certificate")
              .addRDN(BCStyle.CN, names.get(0))
              .build();
      // positive, at most 20 octets (RFC 5280 §4.1.2.2)
      BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial,
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(validity)),
              subject,
              pair.getPublic());
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.subjectAlternativeName, false, generalNames(names));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          extensions.createSubjectKeyIdentifier(pair.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          extensions.createAuthorityKeyIdentifier(pair.getPublic()));

      var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
      var certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new KeyMaterial(pair.getPrivate(), List.of(certificate));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      // P-256 and ECDSA are in every JDK; failing here means a broken installation.
      throw new IllegalStateException(
          "cannot make a self-signed certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralNames generalNames(List<String> names) {
    GeneralName[] general =
        names.stream()
            .map(
                name ->
                    InetAddresses.isInetAddress(name)
                        ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name))
            .toArray(GeneralName[]::new);
    return new GeneralNames(general);
  }
}
