package dev.mtserver.transport.tls;

import java.nio.charset.StandardCharsets;

/**
 * Tells, from the first byte a client sends to a TLS port, whether it speaks TLS or plain HTTP, so
 * that the transport can answer a plain request with a short clear-text {@code 400} (as nginx does)
 * instead of a TLS alert the client cannot read, or a hang.
 *
 * <p>A TLS connection starts with a handshake record: content type {@code 0x16}, then the record
 * version {@code 0x03 0x0N}. An HTTP/1.x request starts with its method, a token; every method in
 * use starts with an ASCII letter, and no TLS record type is one. Anything else (an SSLv2-style
 * hello, noise) is left to the TLS engine, which refuses it as a failed handshake.
 */
public final class PlainHttpDetector {

  /** What the first byte says. */
  public enum Verdict {
    /** A TLS handshake record: hand the connection to TLS. */
    TLS,
    /** An HTTP request in clear text: answer {@link #response()} and close. */
    PLAIN_HTTP,
    /** Neither: hand it to TLS, which will fail the handshake. */
    OTHER
  }

  /** TLS record content type 22 (RFC 8446 §5.1). */
  private static final int HANDSHAKE_RECORD = 0x16;

  private static final byte[] BODY =
      "The plain HTTP request was sent to HTTPS port.\n".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] RESPONSE =
      ("HTTP/1.1 400 Bad Request\r\n"
              + "Content-Type: text/plain; charset=utf-8\r\n"
              + "Content-Length: "
              + BODY.length
              + "\r\n"
              + "Connection: close\r\n"
              + "\r\n"
              + new String(BODY, StandardCharsets.US_ASCII))
          .getBytes(StandardCharsets.US_ASCII);

  private PlainHttpDetector() {}

  /** Classifies the first byte read from a new connection (an {@code int} as read() returns it). */
  public static Verdict classify(int firstByte) {
    int b = firstByte & 0xff;
    if (b == HANDSHAKE_RECORD) {
      return Verdict.TLS;
    }
    if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')) {
      return Verdict.PLAIN_HTTP;
    }
    return Verdict.OTHER;
  }

  /**
   * The whole clear-text answer to a plain request, {@code Connection: close} included: the
   * transport writes it, then closes (lingering, so the client reads it rather than a reset). A
   * fresh copy each call.
   */
  public static byte[] response() {
    return RESPONSE.clone();
  }
}
