package dev.mtserver.app.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A large, reproducible payload made on the fly (never held in memory): 1 MiB blocks of random
 * bytes, each stamped with its index so a reordered or repeated block changes the hash.
 */
public final class GeneratedPayload {

  private static final int BLOCK = 1024 * 1024;

  private final long size;
  private final byte[] block = new byte[BLOCK];

  public GeneratedPayload(long size, long seed) {
    this.size = size;
    new SplittableRandom(seed).nextBytes(block);
  }

  public long size() {
    return size;
  }

  /** Writes the payload to {@code out} and returns its SHA-256 in hex. */
  public String writeTo(OutputStream out) throws IOException {
    MessageDigest sha256 = sha256();
    long written = 0;
    for (long index = 0; written < size; index++) {
      for (int i = 0; i < 8; i++) {
        block[i] = (byte) (index >>> (8 * i));
      }
      int n = (int) Math.min(BLOCK, size - written);
      sha256.update(block, 0, n);
      out.write(block, 0, n);
      written += n;
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
