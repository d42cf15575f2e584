package dev.mtserver.http.target;

import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;

/**
 * RFC 9112 §3.2: an HTTP/1.1 request carries exactly one {@code Host}, and its value is a valid
 * {@code host[:port]}. Anything else is 400, on HTTP/1.0 too when the field is repeated or
 * malformed. (With an absolute-form target the {@code Host} is still required, then ignored.)
 *
 * <p>An empty {@code Host} is 400 on an HTTP/1.1 request in origin form ({@code /path}) or asterisk
 * form ({@code *}): such a target takes its authority from {@code Host} (RFC 9112 §3.3), which
 * would make an {@code http} URI with an empty host, invalid by RFC 9110 §4.2.1. With an
 * absolute-form target the request names its own authority and an empty {@code Host} is harmless;
 * an HTTP/1.0 request without a host falls back to the server's own name, as when it has none.
 */
public final class HostHeader {

  private HostHeader() {}

  public static void check(RequestHead head) throws HttpProtocolException {
    HttpFields fields = head.fields();
    int hosts = fields.count("Host");
    if (hosts == 0) {
      if (head.version() == HttpVersion.HTTP_1_1) {
        throw new HttpProtocolException(400, "Missing Host");
      }
      return;
    }
    if (hosts > 1) {
      throw new HttpProtocolException(400, "Duplicate Host");
    }
    String host = fields.first("Host").orElseThrow();
    if (!Authority.isValid(host, false)) {
      throw new HttpProtocolException(400, "Bad Host");
    }
    if (host.isEmpty()
        && head.version() == HttpVersion.HTTP_1_1
        && takesAuthorityFromHost(head.target())) {
      throw new HttpProtocolException(400, "Empty Host");
    }
  }

  /** Origin form ({@code /…}) and asterisk form ({@code *}) name no authority of their own. */
  private static boolean takesAuthorityFromHost(String target) {
    return target.startsWith("/") || target.equals("*");
  }
}
