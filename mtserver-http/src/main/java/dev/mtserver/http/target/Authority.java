package dev.mtserver.http.target;

import dev.mtserver.grammar.PercentDecoder;
import dev.mtserver.grammar.Tokens;

/**
 * The {@code host [ ":" port ]} grammar of RFC 3986 §3.2, as used by {@code Host} and by
 * absolute-form and authority-form targets. No userinfo: RFC 9110 §4.2.4 deprecates it in http
 * URIs, and it is a classic way to disguise where a request is going.
 */
final class Authority {

  private static final boolean[] REG_NAME = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) REG_NAME[c] = true;
    for (char c = 'A'; c <= 'Z'; c++) REG_NAME[c] = true;
    for (char c = '0'; c <= '9'; c++) REG_NAME[c] = true;
    for (char c : "-._~!$&'()*+,;=".toCharArray()) REG_NAME[c] = true;
  }

  private Authority() {}

  /**
   * Tells whether {@code text} is a valid authority.
   *
   * @param requirePort whether a port must be present (authority-form for CONNECT)
   * @return whether {@code text} is a valid authority; an empty one is valid unless a port is
   *     required
   */
  static boolean isValid(String text, boolean requirePort) {
    int length = text.length();
    int hostEnd;
    if (length > 0 && text.charAt(0) == '[') {
      int close = text.indexOf(']');
      if (close < 2 || !isIpLiteral(text, 1, close)) {
        return false;
      }
      hostEnd = close + 1;
    } else {
      int colon = text.indexOf(':');
      hostEnd = colon < 0 ? length : colon;
      if (!isRegName(text, 0, hostEnd)) {
        return false;
      }
    }
    if (hostEnd == length) {
      return !requirePort;
    }
    if (text.charAt(hostEnd) != ':') {
      return false;
    }
    int digits = length - hostEnd - 1;
    if (digits > 5 || (requirePort && (digits == 0 || hostEnd == 0))) {
      return false;
    }
    for (int i = hostEnd + 1; i < length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** reg-name (which includes IPv4 addresses): unreserved, pct-encoded, sub-delims. */
  private static boolean isRegName(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (!PercentDecoder.isEscapeAt(text, i, to)) {
          return false;
        }
        i += 2;
      } else if (c >= 128 || !REG_NAME[c]) {
        return false;
      }
    }
    return true;
  }

  /** An IPv6 address (or IPvFuture) between brackets: hex digits, colons and dots only. */
  private static boolean isIpLiteral(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Tokens.hexValue(c) < 0 && c != ':' && c != '.') {
        return false;
      }
    }
    return true;
  }
}
