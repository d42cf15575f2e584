package dev.mtserver.http.codec;

/** Character classes from RFC 9110 §5.6.2 (tokens) and §5.5 (field values). */
final class Tokens {

  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
    for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
    for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
  }

  private Tokens() {}

  static boolean isTokenChar(char c) {
    return c < 128 && TCHAR[c];
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
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return false;
      }
    }
    return true;
  }
}
