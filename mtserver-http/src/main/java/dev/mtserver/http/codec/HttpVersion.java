package dev.mtserver.http.codec;

/** The two protocol versions an HTTP/1.x server speaks; anything else is answered with 505. */
public enum HttpVersion {
  HTTP_1_0("HTTP/1.0"),
  HTTP_1_1("HTTP/1.1");

  private final String text;

  HttpVersion(String text) {
    this.text = text;
  }

  /** The version as it appears on the wire, {@code HTTP/1.1}. */
  public String text() {
    return text;
  }
}
