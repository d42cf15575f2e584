package dev.mtserver.domain.script.gateway;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableSet;
import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.grammar.StrictUtf8;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The variables a script receives for one request, whatever gateway runs it: php-cgi gets them as
 * its environment, php-fpm as {@code FCGI_PARAMS}. They are the CGI/1.1 meta-variables of RFC 3875
 * §4.1, the few that PHP applications expect besides ({@code REQUEST_URI}, {@code DOCUMENT_ROOT},
 * {@code SERVER_ADDR}, {@code REQUEST_SCHEME}), {@code REDIRECT_STATUS=200} (php-cgi refuses to run
 * without it; php-fpm ignores it), and one {@code HTTP_*} variable per request header. A pure
 * function of the invocation, the script, the document root and the server's name: nothing of the
 * server's own environment is ever added here.
 *
 * <p>Request headers become {@code HTTP_} plus the name upper-cased with {@code -} turned into
 * {@code _}; repeated fields are joined with {@code ", "} ({@code "; "} for {@code Cookie}). Left
 * out:
 *
 * <ul>
 *   <li>{@code Proxy}: {@code HTTP_PROXY} would be read as the script's outgoing proxy setting by
 *       many HTTP libraries ("httpoxy", CVE-2016-5385);
 *   <li>names with any character other than letters, digits and {@code -}: {@code X_Real_IP} would
 *       otherwise arrive as the same variable as {@code X-Real-IP}, a spoofing trick (nginx and
 *       Apache drop them too);
 *   <li>{@code Content-Type} and {@code Content-Length} (they are {@code CONTENT_TYPE} and {@code
 *       CONTENT_LENGTH}), the hop-by-hop fields and {@code Transfer-Encoding} and {@code Expect}
 *       (the body arrives de-chunked), and {@code Proxy-Authorization} (meant for a proxy, never
 *       for the origin).
 * </ul>
 *
 * <p>{@code PATH_TRANSLATED} is deliberately not set: with {@code cgi.fix_pathinfo=0} PHP would run
 * the file it names instead of {@code SCRIPT_FILENAME}, and the extra path is client input that was
 * never checked against the root.
 *
 * <p>Values are text. Header values arrive as ISO-8859-1 (one char per byte) and are re-read as
 * UTF-8 when their bytes are valid UTF-8, so a gateway that encodes the variables as UTF-8 hands
 * the script the bytes the client sent.
 */
public final class GatewayVariables {

  private static final ImmutableSet<String> NOT_PASSED =
      ImmutableSet.of(
          "PROXY",
          "PROXY_AUTHORIZATION",
          "PROXY_CONNECTION",
          "CONTENT_TYPE",
          "CONTENT_LENGTH",
          "CONNECTION",
          "KEEP_ALIVE",
          "TE",
          "TRAILER",
          "TRANSFER_ENCODING",
          "UPGRADE",
          "EXPECT",
          "HTTP2_SETTINGS");

  private final String serverSoftware;
  private final String documentRoot;

  /**
   * @param serverSoftware the server's name and version ({@code SERVER_SOFTWARE})
   * @param documentRoot the site root's real, absolute file name ({@code DOCUMENT_ROOT})
   */
  public GatewayVariables(String serverSoftware, String documentRoot) {
    this.serverSoftware = Objects.requireNonNull(serverSoftware, "serverSoftware");
    this.documentRoot = Objects.requireNonNull(documentRoot, "documentRoot");
  }

  /**
   * The variables for one request, in a stable order, as a new map the caller may extend (the CGI
   * gateway adds {@code PATH}).
   *
   * @param scriptFileName the file the interpreter is to run ({@code SCRIPT_FILENAME}), as the
   *     runner read it from the script's {@link dev.mtserver.domain.script.ScriptLocation}
   * @param contentLength the length of the body the script will read, or -1 for none (then there is
   *     no {@code CONTENT_LENGTH}); see {@link #contentLength}
   */
  public Map<String, String> build(
      ScriptFile script, String scriptFileName, ScriptInvocation request, long contentLength) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("GATEWAY_INTERFACE", "CGI/1.1");
    variables.put("SERVER_SOFTWARE", serverSoftware);
    variables.put("SERVER_NAME", request.serverName());
    variables.put("SERVER_ADDR", request.server().address());
    variables.put("SERVER_PORT", Integer.toString(request.server().port()));
    variables.put("SERVER_PROTOCOL", request.protocol());
    variables.put("REQUEST_METHOD", request.method());
    variables.put("REQUEST_URI", request.requestUri());
    variables.put("REQUEST_SCHEME", "http");
    variables.put("DOCUMENT_ROOT", documentRoot);
    variables.put("SCRIPT_NAME", script.path().toString());
    variables.put("SCRIPT_FILENAME", scriptFileName);
    String pathInfo = request.target().pathInfo();
    if (!pathInfo.isEmpty()) {
      variables.put("PATH_INFO", pathInfo);
    }
    variables.put("QUERY_STRING", request.query());
    if (contentLength >= 0) {
      variables.put("CONTENT_LENGTH", Long.toString(contentLength));
    }
    firstValue(request, "Content-Type")
        .ifPresent(type -> variables.put("CONTENT_TYPE", asText(type)));
    variables.put("REMOTE_ADDR", request.client().address());
    variables.put("REMOTE_PORT", Integer.toString(request.client().port()));
    variables.put("REDIRECT_STATUS", "200");
    for (HeaderField field : request.headers()) {
      String name = variableName(field.name());
      if (name == null || NOT_PASSED.contains(name)) {
        continue;
      }
      String value = asText(field.value());
      variables.merge(
          "HTTP_" + name,
          value,
          (earlier, later) -> earlier + (name.equals("COOKIE") ? "; " : ", ") + later);
    }
    return variables;
  }

  /**
   * The {@code CONTENT_LENGTH} a script is given: the length of the body it will read when there is
   * one, or when the client declared a length (even {@code 0}); otherwise -1 (none), as for a GET.
   *
   * @param bodyLength the number of body bytes the script will read
   */
  public static long contentLength(ScriptInvocation request, long bodyLength) {
    return bodyLength > 0 || firstValue(request, "Content-Length").isPresent() ? bodyLength : -1;
  }

  private static Optional<String> firstValue(ScriptInvocation request, String name) {
    return request.headers().stream()
        .filter(field -> Ascii.equalsIgnoreCase(field.name(), name))
        .map(HeaderField::value)
        .findFirst();
  }

  /** {@code X-Forwarded-For} to {@code X_FORWARDED_FOR}; null for a name that is not plain. */
  static String variableName(String headerName) {
    if (headerName.isEmpty()) {
      return null;
    }
    StringBuilder name = new StringBuilder(headerName.length());
    for (int i = 0; i < headerName.length(); i++) {
      char c = headerName.charAt(i);
      if (c == '-') {
        name.append('_');
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        name.append(Ascii.toUpperCase(c));
      } else {
        return null;
      }
    }
    return name.toString();
  }

  /**
   * A header value read as ISO-8859-1 (one char per byte), re-read as UTF-8 when its bytes are
   * valid UTF-8, so the variable carries the text the client sent.
   */
  static String asText(String latin1) {
    boolean ascii = true;
    for (int i = 0; i < latin1.length() && ascii; i++) {
      ascii = latin1.charAt(i) < 0x80;
    }
    if (ascii) {
      return latin1;
    }
    byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
    return StrictUtf8.decode(bytes, 0, bytes.length).orElse(latin1);
  }
}
