package dev.mtserver.http.codec.auth;

import dev.mtserver.grammar.StrictUtf8;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Basic} authentication scheme's credentials (RFC 7617) from an {@code Authorization}
 * field value: {@code Basic} (any case), one or more spaces, then a token68 that is the base64 of
 * {@code user-id ":" password} in UTF-8 (the server announces {@code charset="UTF-8"}).
 *
 * <p>Strict, as the rest of the codec: the standard base64 alphabet (padding optional, as curl and
 * browsers always send it), valid UTF-8, a colon, and no control characters in either part (RFC
 * 7617 §2). The user-id ends at the first colon; the password may contain colons. Nothing is
 * normalised: the bytes the client sent are what the password file is checked against, as Apache
 * and nginx do.
 */
public sealed interface BasicCredentials {

  /** A user and password, decoded. The password array is the caller's to clear after use. */
  record Credentials(String user, char[] password) implements BasicCredentials {
    @Override
    public String toString() {
      return "Credentials[user=" + user + "]";
    }
  }

  /**
   * Another scheme ({@code Bearer}, {@code Digest}, …): not ours to judge; answer the challenge.
   */
  record OtherScheme(String scheme) implements BasicCredentials {}

  /** {@code Basic} with credentials that cannot be read; {@code reason} never echoes them. */
  record Malformed(String reason) implements BasicCredentials {}

  /** Reads an {@code Authorization} field value (already stripped of surrounding whitespace). */
  static BasicCredentials parse(String fieldValue) {
    int space = fieldValue.indexOf(' ');
    String scheme = space < 0 ? fieldValue : fieldValue.substring(0, space);
    if (!scheme.toLowerCase(Locale.ROOT).equals("basic")) {
      return new OtherScheme(scheme);
    }
    if (space < 0) {
      return new Malformed("no credentials after Basic");
    }
    int start = space;
    while (start < fieldValue.length() && fieldValue.charAt(start) == ' ') {
      start++;
    }
    String token = fieldValue.substring(start).stripTrailing();
    if (token.isEmpty()) {
      return new Malformed("no credentials after Basic");
    }
    if (!isToken68(token)) {
      return new Malformed("the credentials are not a token68");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return new Malformed("the credentials are not base64");
    }
    Optional<char[]> text;
    try {
      text = StrictUtf8.decodeSecret(decoded);
    } finally {
      Arrays.fill(decoded, (byte) 0);
    }
    if (text.isEmpty()) {
      return new Malformed("the credentials are not UTF-8");
    }
    char[] chars = text.get();
    int colon = -1;
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c < 0x20 || c == 0x7f) {
        Arrays.fill(chars, '\0');
        return new Malformed("the credentials contain a control character");
      }
      if (c == ':' && colon < 0) {
        colon = i;
      }
    }
    if (colon < 0) {
      Arrays.fill(chars, '\0');
      return new Malformed("the credentials have no colon between user and password");
    }
    String user = new String(chars, 0, colon);
    char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
    Arrays.fill(chars, '\0');
    return new Credentials(user, password);
  }

  /** token68 (RFC 9110 §11.2): 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
  private static boolean isToken68(String token) {
    int i = 0;
    while (i < token.length() && isToken68Char(token.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return false;
    }
    while (i < token.length() && token.charAt(i) == '=') {
      i++;
    }
    return i == token.length();
  }

  private static boolean isToken68Char(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/';
  }
}
