package dev.mtserver.auth.htpasswd;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * One accepted {@code htpasswd} hash: it can tell whether a password is the one it was made from,
 * comparing in constant time. {@link HashFormats#parse} makes them; {@link #cost()} lets the file
 * build a decoy of the same price for unknown users.
 */
sealed interface PasswordHash {

  /** Whether {@code password} (encoded as UTF-8, as {@code htpasswd} reads a terminal) matches. */
  boolean matches(char[] password);

  /** The scheme and its work factor, such as {@code bcrypt cost 5}: equal costs take equal time. */
  String cost();

  /**
   * bcrypt, {@code $2y$}, {@code $2b$} or {@code $2a$}: BouncyCastle's {@link OpenBSDBCrypt}
   * computes and compares (in constant time); like Apache it uses the first 72 bytes.
   */
  record Bcrypt(String hash, int rounds) implements PasswordHash {
    @Override
    public boolean matches(char[] password) {
      return OpenBSDBCrypt.checkPassword(hash, password);
    }

    @Override
    public String cost() {
      return "bcrypt cost " + rounds;
    }

    @Override
    public String toString() {
      return cost();
    }
  }

  /** SHA-256-crypt {@code $5$} or SHA-512-crypt {@code $6$} ({@link ShaCrypt}). */
  record Sha(String hash, ShaCrypt.Variant variant, int rounds) implements PasswordHash {
    @Override
    public boolean matches(char[] password) {
      byte[] key = utf8(password);
      try {
        byte[] computed = ShaCrypt.crypt(key, hash).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(computed, hash.getBytes(StandardCharsets.US_ASCII));
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }

    @Override
    public String cost() {
      return variant + "-crypt rounds " + rounds;
    }

    @Override
    public String toString() {
      return cost();
    }
  }

  private static byte[] utf8(char[] password) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    encoded.clear(); // wipe the encoder's copy of the password, all of its capacity
    while (encoded.hasRemaining()) {
      encoded.put((byte) 0);
    }
    return bytes;
  }
}
