package dev.mtserver.domain.resumable;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checksums a client may send with a chunk (tus {@code checksum} extension), by their tus
 * names. {@code sha1} is the one the protocol requires; the others cost nothing more, since every
 * JDK provides them through {@link MessageDigest}. Listed in the order of preference the server
 * advertises ({@code Tus-Checksum-Algorithm}).
 */
public enum ChecksumAlgorithm {
  SHA1("sha1", "SHA-1"),
  MD5("md5", "MD5"),
  SHA256("sha256", "SHA-256"),
  SHA512("sha512", "SHA-512");

  private final String tusName;
  private final String jdkName;

  ChecksumAlgorithm(String tusName, String jdkName) {
    this.tusName = tusName;
    this.jdkName = jdkName;
  }

  /**
   * The name in {@code Upload-Checksum} and {@code Tus-Checksum-Algorithm}, such as {@code sha1}.
   */
  public String tusName() {
    return tusName;
  }

  /** The algorithm called {@code name}; names are lower case, so {@code SHA1} is none. */
  public static Optional<ChecksumAlgorithm> byTusName(String name) {
    return Arrays.stream(values()).filter(a -> a.tusName.equals(name)).findFirst();
  }

  /** Every name, comma-separated, for {@code Tus-Checksum-Algorithm}. */
  public static String advertised() {
    return Arrays.stream(values()).map(ChecksumAlgorithm::tusName).collect(Collectors.joining(","));
  }

  /** A fresh digest of this algorithm. */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jdkName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides " + jdkName, e);
    }
  }

  /** The length of a digest in bytes. */
  public int digestLength() {
    return newDigest().getDigestLength();
  }
}
