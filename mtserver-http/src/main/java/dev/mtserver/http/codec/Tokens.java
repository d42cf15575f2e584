package dev.mtserver.http.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Character classes from RFC 9110 §5.6.2 (tokens) and §5.5 (field values), as lookup tables so
 * the parsers test a byte with one array load.
 */
final class Tokens {

  private static final boolean[] TCHAR = new boolean[256];
  /** Bytes that may not appear in a line at all: CTLs other than HTAB, and DEL (RFC 9110 §5.5). */
  private static final boolean[] LINE_CTL = new boolean[256];
  private static final byte[] HEX = new byte[256];

  static {
    for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
    for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
    for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    for (int b = 0; b < 0x20; b++) LINE_CTL[b] = b != '\t';
    LINE_CTL[0x7f] = true;
    java.util.Arrays.fill(HEX, (byte) -1);
    for (int c = '0'; c <= '9'; c++) HEX[c] = (byte) (c - '0');
    for (int c = 'a'; c <= 'f'; c++) HEX[c] = (byte) (c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; c++) HEX[c] = (byte) (c - 'A' + 10);
  }

  private Tokens() {}

  static boolean isTokenChar(char c) {
    return c < 256 && TCHAR[c];
  }

  /** tchar, for a byte read off the wire. */
  static boolean isTokenByte(int b) {
    return TCHAR[b & 0xff];
  }

  /** A control character (other than HTAB) or DEL: never allowed inside a line of a head. */
  static boolean isLineControl(int b) {
    return LINE_CTL[b & 0xff];
  }

  /** The value of a hex digit, or -1 when {@code b} is not one. */
  static int hexValue(int b) {
    return HEX[b & 0xff];
  }

  static boolean isOws(int b) {
    return b == ' ' || b == '\t';
  }

  static boolean isToken(String s) {
    return !s.isEmpty() && isToken(s, 0, s.length());
  }

  static boolean isToken(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return to > from;
  }

  /** Printable ASCII without space: what a request-target may contain on the wire. */
  static boolean isVisibleAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** field-value: VCHAR, obs-text, SP and HTAB; no other control characters (NUL, CR, DEL...). */
  static boolean isFieldValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        return false;
      }
    }
    return true;
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * The index of the first line control byte ({@link #isLineControl}) in {@code bytes[from,
   * to)}, or {@code to}. Eight bytes are checked at a time: a word holds no byte below 0x20 and
   * no DEL when neither {@code (w - 0x20..) & ~w} nor the same test on {@code w ^ 0x7f..} has a
   * high bit set; only a word that fails (a CR, or a rare HTAB) is looked at byte by byte.
   */
  static int skipLineText(byte[] bytes, int from, int to) {
    int i = from;
    while (true) {
      while (i + 8 <= to) {
        long w = (long) LONGS.get(bytes, i);
        long del = w ^ (0x7f * ONES);
        long below20 = (w - 0x20 * ONES) & ~w;
        long isDel = (del - ONES) & ~del;
        if (((below20 | isDel) & HIGH_BITS) != 0) {
          break;
        }
        i += 8;
      }
      int end = Math.min(i + 8, to); // this word, byte by byte; then back to words
      for (; i < end; i++) {
        if (LINE_CTL[bytes[i] & 0xff]) {
          return i;
        }
      }
      if (i == to) {
        return to;
      }
    }
  }

  /** ASCII lower case of a byte; other bytes unchanged. */
  static int lower(int b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }

  /** Case-insensitive (ASCII) comparison of {@code bytes[from, to)} with {@code text}. */
  static boolean equalsIgnoreCase(byte[] bytes, int from, int to, String text) {
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
}
