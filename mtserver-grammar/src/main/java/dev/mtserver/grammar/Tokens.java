package dev.mtserver.grammar;

/**
 * The character classes of RFC 9110 §5.6: tokens ({@code tchar}), optional whitespace ({@code OWS})
 * and hex digits, as lookup tables so that a parser tests a byte with one array load. Tokens name
 * methods, fields, codings and parameters, and compare case-insensitively where the RFC says so
 * ({@link #equalsIgnoreCase}).
 */
public final class Tokens {

  private static final boolean[] TCHAR = new boolean[256];
  private static final byte[] HEX = new byte[256];

  static {
    for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
    for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
    for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    java.util.Arrays.fill(HEX, (byte) -1);
    for (int c = '0'; c <= '9'; c++) HEX[c] = (byte) (c - '0');
    for (int c = 'a'; c <= 'f'; c++) HEX[c] = (byte) (c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; c++) HEX[c] = (byte) (c - 'A' + 10);
  }

  private Tokens() {}

  /** tchar, for a byte read off the wire (its low eight bits). */
  public static boolean isTokenByte(int b) {
    return TCHAR[b & 0xff];
  }

  /** tchar, for a character of a string. */
  public static boolean isTokenChar(char c) {
    return c < 256 && TCHAR[c];
  }

  /** token = 1*tchar. */
  public static boolean isToken(CharSequence s) {
    return isToken(s, 0, s.length());
  }

  /** Whether {@code s[from, to)} is a token: not empty, every character a tchar. */
  public static boolean isToken(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return to > from;
  }

  /** OWS and BWS are made of SP and HTAB. */
  public static boolean isOws(int b) {
    return b == ' ' || b == '\t';
  }

  /** The value of a hex digit (HEXDIG, either case), or -1 when {@code b} is not one. */
  public static int hexValue(int b) {
    return b >= 0 && b < 256 ? HEX[b] : -1;
  }

  /** Case-insensitive (ASCII) comparison of {@code bytes[from, to)} with {@code text}. */
  public static boolean equalsIgnoreCase(byte[] bytes, int from, int to, String text) {
    if (to - from != text.length()) {
      return false;
    }
    for (int i = from, j = 0; i < to; i++, j++) {
      int b = bytes[i] & 0xff;
      char c = text.charAt(j);
      if (b != c && lower(b) != lower(c)) {
        return false;
      }
    }
    return true;
  }

  private static int lower(int b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }
}
