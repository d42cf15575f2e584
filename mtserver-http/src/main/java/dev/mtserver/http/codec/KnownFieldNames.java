package dev.mtserver.http.codec;

import java.nio.charset.StandardCharsets;

/**
 * Header names browsers and common clients send, spelled as they send them. A parsed name that
 * matches one byte for byte becomes the shared constant instead of a new string.
 */
final class KnownFieldNames {

  private static final String[] NAMES = {
    "Host",
    "Connection",
    "Keep-Alive",
    "User-Agent",
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Accept-Charset",
    "Cache-Control",
    "Pragma",
    "Cookie",
    "Referer",
    "Origin",
    "Upgrade-Insecure-Requests",
    "DNT",
    "Priority",
    "Authorization",
    "Content-Type",
    "Content-Length",
    "Transfer-Encoding",
    "TE",
    "Expect",
    "Range",
    "If-Range",
    "If-Modified-Since",
    "If-Unmodified-Since",
    "If-None-Match",
    "If-Match",
    "Upgrade",
    "Sec-Fetch-Site",
    "Sec-Fetch-Mode",
    "Sec-Fetch-User",
    "Sec-Fetch-Dest",
    "sec-ch-ua",
    "sec-ch-ua-mobile",
    "sec-ch-ua-platform",
    "X-Forwarded-For",
    "X-Forwarded-Proto",
    "X-Requested-With",
    "Content-Disposition",
    "Content-Encoding",
    "Via",
    "Forwarded",
  };

  /** NAMES grouped by length, as bytes, so a lookup compares only names of the right length. */
  private static final String[][] BY_LENGTH;

  private static final byte[][][] BYTES_BY_LENGTH;

  static {
    int longest = 0;
    for (String name : NAMES) {
      longest = Math.max(longest, name.length());
    }
    BY_LENGTH = new String[longest + 1][0];
    BYTES_BY_LENGTH = new byte[longest + 1][0][];
    for (String name : NAMES) {
      int n = name.length();
      String[] names = java.util.Arrays.copyOf(BY_LENGTH[n], BY_LENGTH[n].length + 1);
      byte[][] bytes = java.util.Arrays.copyOf(BYTES_BY_LENGTH[n], names.length);
      names[names.length - 1] = name;
      bytes[bytes.length - 1] = name.getBytes(StandardCharsets.ISO_8859_1);
      BY_LENGTH[n] = names;
      BYTES_BY_LENGTH[n] = bytes;
    }
  }

  private KnownFieldNames() {}

  /** The name in {@code bytes[from, to)}: a shared constant when it is a known spelling. */
  static String of(byte[] bytes, int from, int to) {
    int n = to - from;
    if (n < BY_LENGTH.length) {
      byte[][] candidates = BYTES_BY_LENGTH[n];
      for (int c = 0; c < candidates.length; c++) {
        if (java.util.Arrays.equals(candidates[c], 0, n, bytes, from, to)) {
          return BY_LENGTH[n][c];
        }
      }
    }
    return new String(bytes, from, n, StandardCharsets.ISO_8859_1);
  }
}
