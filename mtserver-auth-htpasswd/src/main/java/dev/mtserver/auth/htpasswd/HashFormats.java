package dev.mtserver.auth.htpasswd;

import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Which {@code htpasswd} hash formats are accepted, and why the others are not.
 *
 * <p>Accepted: bcrypt ({@code htpasswd -B}: {@code $2y$}, and {@code $2b$}/{@code $2a$} from other
 * tools) and SHA-256/512-crypt ({@code htpasswd -2}/{@code -5}, {@code openssl passwd -5}/{@code
 * -6}, {@code mkpasswd}). Refused, because a stolen file would give up its passwords in minutes:
 * Apache MD5 ({@code $apr1$}, what {@code htpasswd} makes without {@code -B}), MD5-crypt ({@code
 * $1$}), unsalted SHA-1 ({@code {SHA}}), crypt(3) DES (eight characters at most) and plain text.
 * Formats MTServer does not implement (yescrypt, scrypt, Argon2, the old {@code $2x$}) are refused
 * too. Every refusal says how to make a bcrypt entry instead.
 */
final class HashFormats {

  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
  private static final Pattern SHA_CRYPT =
      Pattern.compile(
          "\\$([56])\\$(?:rounds=([1-9][0-9]{0,8})\\$)?[./A-Za-z0-9]{0,16}\\$([./A-Za-z0-9]+)");
  private static final Pattern DES_CRYPT = Pattern.compile("[./A-Za-z0-9]{13}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Why a hash cannot be used; the message names the format and what is wrong with it. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private HashFormats() {}

  static PasswordHash parse(String hash) throws Refused {
    if (hash.isEmpty()) {
      throw new Refused("the entry has no password hash");
    }
    if (hash.startsWith("$2y$") || hash.startsWith("$2b$") || hash.startsWith("$2a$")) {
      Matcher bcrypt = BCRYPT.matcher(hash);
      int cost = bcrypt.matches() ? Integer.parseInt(bcrypt.group(1)) : -1;
      if (cost < 4 || cost > 31) {
        throw new Refused(
            "the bcrypt hash is damaged (expected $2y$NN$ and 53 characters, cost 04 to 31)");
      }
      return new PasswordHash.Bcrypt(hash, cost);
    }
    if (hash.startsWith("$5$") || hash.startsWith("$6$")) {
      return shaCrypt(hash);
    }
    if (hash.startsWith("$apr1$")) {
      throw new Refused(
          "Apache MD5 ($apr1$, htpasswd's default without -B) is refused: it is fast to crack");
    }
    if (hash.startsWith("$1$")) {
      throw new Refused("MD5-crypt ($1$) is refused: it is fast to crack");
    }
    if (hash.startsWith("{SHA}")) {
      throw new Refused("unsalted SHA-1 ({SHA}, htpasswd -s) is refused: it is fast to crack");
    }
    if (hash.startsWith("$2x$")) {
      throw new Refused("$2x$ bcrypt (made by a broken implementation) is not supported");
    }
    if (hash.startsWith("$y$")
        || hash.startsWith("$gy$")
        || hash.startsWith("$7$")
        || hash.startsWith("$argon2")) {
      throw new Refused("this hash format (yescrypt, scrypt or Argon2) is not supported");
    }
    if (DES_CRYPT.matcher(hash).matches()) {
      throw new Refused(
          "crypt(3) DES (htpasswd -d), or a 13-character plain-text password, is refused:"
              + " DES uses only the first 8 characters and is fast to crack");
    }
    throw new Refused(
        "the password is not a hash MTServer knows; plain text (htpasswd -p) is refused");
  }

  private static PasswordHash shaCrypt(String hash) throws Refused {
    Matcher matcher = SHA_CRYPT.matcher(hash);
    ShaCrypt.Variant variant =
        hash.charAt(1) == '5' ? ShaCrypt.Variant.SHA256 : ShaCrypt.Variant.SHA512;
    int expectedLength = variant == ShaCrypt.Variant.SHA256 ? 43 : 86;
    if (!matcher.matches() || matcher.group(3).length() != expectedLength) {
      throw new Refused("the " + variant + "-crypt hash is damaged");
    }
    int rounds =
        matcher.group(2) == null ? ShaCrypt.DEFAULT_ROUNDS : Integer.parseInt(matcher.group(2));
    if (rounds < ShaCrypt.MIN_ROUNDS) {
      throw new Refused(
          "the "
              + variant
              + "-crypt hash names "
              + rounds
              + " rounds, fewer than any tool writes (1000): it is damaged");
    }
    return new PasswordHash.Sha(hash, variant, rounds);
  }

  /**
   * A hash of a random password at the same cost as {@code like}: what an unknown user's password
   * is checked against, so that a wrong name costs what a wrong password does.
   */
  static PasswordHash decoyLike(PasswordHash like) {
    byte[] secret = new byte[16];
    RANDOM.nextBytes(secret);
    char[] password = java.util.HexFormat.of().formatHex(secret).toCharArray();
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return switch (like) {
      case PasswordHash.Bcrypt bcrypt ->
          new PasswordHash.Bcrypt(
              OpenBSDBCrypt.generate("2y", password, salt, bcrypt.rounds()), bcrypt.rounds());
      case PasswordHash.Sha sha -> {
        String setting =
            sha.variant().prefix
                + "rounds="
                + sha.rounds()
                + "$"
                + java.util.HexFormat.of().formatHex(salt, 0, 8)
                + "$";
        byte[] key = new String(password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        yield new PasswordHash.Sha(ShaCrypt.crypt(key, setting), sha.variant(), sha.rounds());
      }
    };
  }
}
