package dev.mtserver.http.codec;

import java.util.Objects;

/**
 * A parsed request line and header block, before the body.
 *
 * @param method the method token, case-sensitive as RFC 9110 says ({@code GET}, not {@code get})
 * @param target the raw request-target exactly as sent, still percent-encoded
 * @param version the protocol version
 * @param fields the header fields in the order received
 */
public record RequestHead(String method, String target, HttpVersion version, HttpFields fields) {

  public RequestHead {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(fields, "fields");
  }
}
