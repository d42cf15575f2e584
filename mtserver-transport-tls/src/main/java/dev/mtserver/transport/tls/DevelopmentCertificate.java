package dev.mtserver.transport.tls;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate of {@code --tls-self-signed}, for development: an EC P-256 key and a
 * certificate naming {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the hosts the caller
 * adds (the bind address), kept in a directory (the server uses {@code DATA/tls/}) so that it
 * survives restarts and a browser's exception for it stays valid.
 *
 * <p>The stored pair is reused unless it is missing, unreadable, mismatched, expires within {@link
 * #RENEW_BEFORE}, or does not name every requested host (the bind address changed); then a new one
 * replaces it. The directory is {@code 0700}, both files {@code 0600}, each written whole ({@link
 * OwnerOnlyFiles}). Its SHA-256 fingerprint is for the banner, so a person can compare it with what
 * the browser shows before trusting it.
 */
public final class DevelopmentCertificate {

  /** The certificate, PEM, in the directory. */
  public static final String CERTIFICATE_FILE = "self-signed-cert.pem";

  /** The private key, PKCS#8 PEM, in the directory. */
  public static final String KEY_FILE = "self-signed-key.pem";

  /** How long a new certificate is valid. */
  public static final Duration VALIDITY = Duration.ofDays(365);

  /** A stored certificate this close to its end is replaced at start. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** The names every development certificate carries. */
  public static final List<String> ALWAYS_NAMED = List.of("localhost", "127.0.0.1", "::1");

  private static final Logger LOG = LoggerFactory.getLogger(DevelopmentCertificate.class);

  private final PemFiles files;
  private final KeyMaterial material;
  private final boolean generated;

  private DevelopmentCertificate(PemFiles files, KeyMaterial material, boolean generated) {
    this.files = files;
    this.material = material;
    this.generated = generated;
  }

  /**
   * Reuses the certificate stored in {@code directory}, or makes and stores a new one.
   *
   * @param extraHosts host names or IP literals to name besides {@link #ALWAYS_NAMED}, such as the
   *     bind address; wildcard addresses ({@code 0.0.0.0}, {@code ::}) are skipped, since no client
   *     connects to them
   * @throws TlsMaterialException when the directory cannot be created or written
   */
  public static DevelopmentCertificate loadOrCreate(
      Path directory, Collection<String> extraHosts, Clock clock) throws TlsMaterialException {
    Objects.requireNonNull(directory, "directory");
    List<String> names = names(extraHosts);
    PemFiles files = new PemFiles(directory.resolve(CERTIFICATE_FILE), directory.resolve(KEY_FILE));
    Instant now = clock.instant();
    try {
      OwnerOnlyFiles.directory(directory);
      String reason = reasonToReplace(files, names, now);
      if (reason == null) {
        for (Path file : files.files()) {
          if (OwnerOnlyFiles.restrict(file)) {
            LOG.warn("{} was readable by others; it is now readable by its owner only", file);
          }
        }
        return new DevelopmentCertificate(files, files.load(), false);
      }
      LOG.info("Generating a self-signed TLS certificate in {} ({})", directory, reason);
      KeyMaterial material = CertificateGenerator.selfSigned(names, now, VALIDITY);
      // the key first: a crash between the two leaves a mismatched pair, replaced at next start
      OwnerOnlyFiles.write(
          files.privateKey(), pem(new JcaPKCS8Generator(material.privateKey(), null)));
      OwnerOnlyFiles.write(files.certificateChain(), pem(material.leaf()));
      return new DevelopmentCertificate(files, files.load(), true);
    } catch (IOException e) {
      throw new TlsMaterialException(
          "cannot keep a self-signed certificate in " + directory + ": " + e, e);
    }
  }

  /** Why the stored pair cannot be reused, or {@code null} when it can. */
  private static String reasonToReplace(PemFiles files, List<String> names, Instant now) {
    if (!Files.exists(files.certificateChain()) && !Files.exists(files.privateKey())) {
      return "none stored yet";
    }
    KeyMaterial stored;
    try {
      stored = files.load();
    } catch (TlsMaterialException e) {
      return "the stored one cannot be used: " + e.getMessage();
    }
    if (stored.expiresBefore(now.plus(RENEW_BEFORE))) {
      return "the stored one expires " + stored.notAfter();
    }
    Set<String> missing = new LinkedHashSet<>(names);
    missing.removeAll(subjectAlternativeNames(stored.leaf()));
    if (!missing.isEmpty()) {
      return "the stored one does not name " + String.join(", ", missing);
    }
    return null;
  }

  /** The requested names, in order, without duplicates, IP literals in canonical form. */
  static List<String> names(Collection<String> extraHosts) {
    Set<String> names = new LinkedHashSet<>();
    for (String host : ALWAYS_NAMED) {
      names.add(canonical(host));
    }
    for (String host : extraHosts) {
      String name = canonical(host);
      if (name.isEmpty() || isWildcard(name)) {
        continue;
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  private static String canonical(String host) {
    String bare = host.strip();
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    if (InetAddresses.isInetAddress(bare)) {
      return InetAddresses.toAddrString(InetAddresses.forString(bare));
    }
    return bare.toLowerCase(Locale.ROOT);
  }

  private static boolean isWildcard(String name) {
    return InetAddresses.isInetAddress(name) && InetAddresses.forString(name).isAnyLocalAddress();
  }

  /** DNS names and IP addresses (canonical) the certificate names. */
  static Set<String> subjectAlternativeNames(X509Certificate certificate) {
    Set<String> names = new LinkedHashSet<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries == null) {
        return names;
      }
      for (List<?> entry : entries) {
        int type = (Integer) entry.get(0);
        if (type == CertificateGenerator.DNS_NAME || type == CertificateGenerator.IP_ADDRESS) {
          names.add(canonical((String) entry.get(1)));
        }
      }
    } catch (CertificateParsingException e) {
      // an unreadable extension names nothing
    }
    return names;
  }

  private static byte[] pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The stored files, to watch or to name in the banner. */
  public PemFiles files() {
    return files;
  }

  public KeyMaterial material() {
    return material;
  }

  /** The SHA-256 fingerprint for the banner. */
  public String fingerprint() {
    return material.fingerprint();
  }

  /** Whether this start made a new certificate (the old one, if any, was replaced). */
  public boolean generated() {
    return generated;
  }

  /** The DNS names and IP addresses the certificate names. */
  public List<String> names() {
    return new ArrayList<>(subjectAlternativeNames(material.leaf()));
  }
}
