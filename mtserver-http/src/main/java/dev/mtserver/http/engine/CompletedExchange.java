package dev.mtserver.http.engine;

import dev.mtserver.http.codec.HttpVersion;
import java.net.InetSocketAddress;

/**
 * One request and what became of it, handed to an {@link ExchangeListener} once its response has
 * been written (or abandoned). Immutable, and made of values the connection loop already holds, so
 * reporting an exchange costs one small object.
 *
 * @param remoteAddress the client's address and port
 * @param method the request method, or {@code null} when the request line could not be parsed
 * @param target the request-target exactly as sent when {@code method} is set; otherwise the bytes
 *     of the request line that were read before it failed (ISO-8859-1, possibly empty)
 * @param version the protocol version, or {@code null} when the request line could not be parsed
 * @param status the status of the response sent, or {@link #CLIENT_CLOSED} when the client went
 *     away before any response could be sent
 * @param bodyBytesSent bytes written after the response head: the body, and its chunk framing when
 *     it was sent chunked (nginx's {@code $body_bytes_sent}); a response cut short counts what left
 * @param referer the {@code Referer} field, or {@code null}
 * @param userAgent the {@code User-Agent} field, or {@code null}
 * @param endEpochMillis when the exchange ended, in milliseconds since the epoch
 * @param durationNanos from the request's first byte to the response's last
 * @param user the user whose credentials the site checked for this request, or {@code null}
 */
public record CompletedExchange(
    InetSocketAddress remoteAddress,
    String method,
    String target,
    HttpVersion version,
    int status,
    long bodyBytesSent,
    String referer,
    String userAgent,
    long endEpochMillis,
    long durationNanos,
    String user) {

  /** An exchange without an authenticated user. */
  public CompletedExchange(
      InetSocketAddress remoteAddress,
      String method,
      String target,
      HttpVersion version,
      int status,
      long bodyBytesSent,
      String referer,
      String userAgent,
      long endEpochMillis,
      long durationNanos) {
    this(
        remoteAddress,
        method,
        target,
        version,
        status,
        bodyBytesSent,
        referer,
        userAgent,
        endEpochMillis,
        durationNanos,
        null);
  }

  /**
   * The status recorded when no response was sent because the client closed the connection (or
   * reset it) first: nginx's non-standard 499, which log tools already know.
   */
  public static final int CLIENT_CLOSED = 499;

  /** Whether the request line was parsed, so {@link #method()} and {@link #version()} are set. */
  public boolean parsed() {
    return method != null;
  }
}
