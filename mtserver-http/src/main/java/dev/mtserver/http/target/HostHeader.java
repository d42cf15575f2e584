package dev.mtserver.http.target;

import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;

/**
 * RFC 9112 §3.2: an HTTP/1.1 request carries exactly one {@code Host}, and its value is a valid
 * {@code host[:port]}. Anything else is 400, on HTTP/1.0 too when the field is repeated or
 * malformed. (With an absolute-form target the {@code Host} is still required, then ignored.)
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
    if (!Authority.isValid(fields.first("Host").orElseThrow(), false)) {
      throw new HttpProtocolException(400, "Bad Host");
    }
  }
}
