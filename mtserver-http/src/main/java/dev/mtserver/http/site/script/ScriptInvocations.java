package dev.mtserver.http.site.script;

import com.google.common.net.InetAddresses;
import dev.mtserver.domain.script.Endpoint;
import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.RequestBody;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.engine.HttpRequest;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link ScriptInvocation} for a request: copies, so they outlive the exchange. */
final class ScriptInvocations {

  private ScriptInvocations() {}

  static ScriptInvocation of(HttpRequest request, ScriptTarget target, InputStream body) {
    String query = request.rawQuery().orElse("");
    String requestUri =
        request.target().rawPath() + request.rawQuery().map(q -> "?" + q).orElse("");
    return new ScriptInvocation(
        target,
        request.method(),
        requestUri,
        query,
        request.version().text(),
        headers(request.headers()),
        endpoint(request.remoteAddress()),
        endpoint(request.localAddress()),
        serverName(request),
        request.hasBody()
            ? new RequestBody(request.contentLength().orElse(-1), body)
            : RequestBody.none());
  }

  private static List<HeaderField> headers(HttpFields fields) {
    List<HeaderField> copy = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      copy.add(new HeaderField(fields.name(i), fields.value(i)));
    }
    return copy;
  }

  private static Endpoint endpoint(InetSocketAddress address) {
    if (address == null) {
      return new Endpoint("", 0);
    }
    InetAddress ip = address.getAddress();
    return new Endpoint(
        ip != null ? InetAddresses.toAddrString(ip) : address.getHostString(), address.getPort());
  }

  /**
   * The host the client asked for, without its port: the absolute-form target's authority, else
   * {@code Host} (both already validated), else the local address ({@code [::1]} for IPv6).
   */
  static String serverName(HttpRequest request) {
    String authority =
        request.target().authority().or(() -> request.headers().first("Host")).orElse("");
    if (authority.isEmpty()) {
      InetSocketAddress local = request.localAddress();
      if (local == null || local.getAddress() == null) {
        return "";
      }
      String address = InetAddresses.toAddrString(local.getAddress());
      return local.getAddress() instanceof Inet6Address ? "[" + address + "]" : address;
    }
    int end = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.indexOf(':');
    return end <= 0 ? authority : authority.substring(0, end);
  }
}
