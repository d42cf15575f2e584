package dev.mtserver.domain.content;

import java.util.Optional;

/**
 * A content coding a precompressed sibling file can carry (RFC 9110 §8.4.1): {@code app.js.br}
 * holds {@code app.js} in Brotli, {@code app.js.gz} holds it in gzip. Listed in the order the
 * server prefers when a client accepts both equally.
 */
public enum ContentCoding {
  BROTLI("br", ".br"),
  GZIP("gzip", ".gz");

  private final String token;
  private final String fileSuffix;

  ContentCoding(String token, String fileSuffix) {
    this.token = token;
    this.fileSuffix = fileSuffix;
  }

  /**
   * The coding's name in {@code Accept-Encoding} and {@code Content-Encoding}, such as {@code
   * gzip}.
   */
  public String token() {
    return token;
  }

  /** What is appended to a file name to name its precompressed sibling, such as {@code .gz}. */
  public String fileSuffix() {
    return fileSuffix;
  }

  /**
   * The coding named by {@code token}, compared case-insensitively ({@code x-gzip} counts as gzip).
   */
  public static Optional<ContentCoding> forToken(String token) {
    for (ContentCoding coding : values()) {
      if (coding.token.equalsIgnoreCase(token)) {
        return Optional.of(coding);
      }
    }
    return "x-gzip".equalsIgnoreCase(token) ? Optional.of(GZIP) : Optional.empty();
  }
}
