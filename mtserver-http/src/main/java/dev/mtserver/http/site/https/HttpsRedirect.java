package dev.mtserver.http.site.https;

import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The whole site of {@code --redirect-http}'s plain listener: every request, whatever its method,
 * is answered {@code 308 Permanent Redirect} to the same path and query on HTTPS, at the host the
 * client asked for and the HTTPS listener's port. 308 rather than 301 keeps the method and body of
 * a form post (RFC 9110 §15.4.9). Nothing is served in the clear, no body is read, and a request
 * without a usable {@code Host} gets 400: a redirect to a host the server made up would be wrong.
 */
public final class HttpsRedirect implements HttpHandler {

  /** A reg-name or IPv4 literal, or a bracketed IPv6 literal; an optional port is cut off. */
  private static final Pattern HOST =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]*)?");

  private final String portSuffix;

  /**
   * @param httpsPort the HTTPS listener's port (443 is left out of the URL)
   */
  public HttpsRedirect(int httpsPort) {
    this.portSuffix = httpsPort == 443 ? "" : ":" + httpsPort;
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    String host = request.target().authority().or(() -> request.headers().first("Host")).orElse("");
    var matcher = HOST.matcher(host.strip());
    if (!matcher.matches()) {
      return HttpResponse.text(400, "A request for this server needs a Host.\n");
    }
    String path = request.target().rawPath().startsWith("/") ? request.target().rawPath() : "/";
    String location =
        "https://"
            + matcher.group(1).toLowerCase(Locale.ROOT)
            + portSuffix
            + path
            + request.target().rawQuery().map(q -> "?" + q).orElse("");
    HttpResponse response = HttpResponse.empty(308);
    response.headers().set("Location", location);
    return response;
  }
}
