package dev.mtserver.domain.resumable;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * The checksum a client sent for one chunk ({@code Upload-Checksum: sha1
 * Kq5sNclPz7QV2+lfQIuc6R7oRu0=}): the chunk is kept only if its bytes have exactly this digest.
 */
public final class UploadChecksum {

  private final ChecksumAlgorithm algorithm;
  private final byte[] digest;

  private UploadChecksum(ChecksumAlgorithm algorithm, byte[] digest) {
    this.algorithm = algorithm;
    this.digest = digest;
  }

  /** A checksum of {@code algorithm} whose digest is {@code digest}. */
  public static UploadChecksum of(ChecksumAlgorithm algorithm, byte[] digest) {
    Objects.requireNonNull(algorithm, "algorithm");
    if (digest.length != algorithm.digestLength()) {
      throw new MalformedUploadRequestException(
          "a " + algorithm.tusName() + " checksum is " + algorithm.digestLength() + " bytes");
    }
    return new UploadChecksum(algorithm, digest.clone());
  }

  /**
   * Reads an {@code Upload-Checksum} value: an algorithm's name, one space, the digest in Base64.
   *
   * @throws MalformedUploadRequestException when the algorithm is not one of {@link
   *     ChecksumAlgorithm} (the protocol answers that with 400 too) or the value is malformed
   */
  public static UploadChecksum parse(String header) {
    int space = header.indexOf(' ');
    if (space <= 0 || header.indexOf(' ', space + 1) >= 0) {
      throw new MalformedUploadRequestException(
          "a checksum is an algorithm, one space and a Base64 digest");
    }
    ChecksumAlgorithm algorithm =
        ChecksumAlgorithm.byTusName(header.substring(0, space))
            .orElseThrow(
                () ->
                    new MalformedUploadRequestException(
                        "the checksum algorithm is not supported; supported: "
                            + ChecksumAlgorithm.advertised()));
    byte[] digest;
    try {
      digest = Base64.getDecoder().decode(header.substring(space + 1));
    } catch (IllegalArgumentException e) {
      throw new MalformedUploadRequestException("the checksum is not Base64");
    }
    return of(algorithm, digest);
  }

  public ChecksumAlgorithm algorithm() {
    return algorithm;
  }

  /** True when {@code actual}, a digest computed with {@link #algorithm()}, is this one. */
  public boolean matches(byte[] actual) {
    return MessageDigest.isEqual(digest, actual);
  }

  @Override
  public String toString() {
    return algorithm.tusName() + " " + Base64.getEncoder().encodeToString(digest);
  }
}
