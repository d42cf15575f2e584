package dev.mtserver.dynamic.cgi;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableSet;
import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a script's whole environment from scratch: the CGI/1.1 meta-variables of RFC 3875 §4.1,
 * the few that PHP applications expect besides ({@code REQUEST_URI}, {@code DOCUMENT_ROOT}, {@code
 * SERVER_ADDR}, {@code REQUEST_SCHEME}), {@code REDIRECT_STATUS=200} (php-cgi refuses to run
 * without it), a fixed {@code PATH}, and one {@code HTTP_*} variable per request header. Nothing
 * of the server's own environment is passed on, so none of its secrets can leak into a script.
 *
 * <p>Request headers become {@code HTTP_} plus the name upper-cased with {@code -} turned into
 * {@code _}; repeated fields are joined with {@code ", "} ({@code "; "} for {@code Cookie}). Left
 * out:
 *
 * <ul>
 *   <li>{@code Proxy}: {@code HTTP_PROXY} would be read as the script's outgoing proxy setting by
 *       many HTTP libraries ("httpoxy", CVE-2016-5385);
 *   <li>names with any character other than letters, digits and {@code -}: {@code X_Real_IP}
 *       would otherwise arrive as the same variable as {@code X-Real-IP}, a spoofing trick (nginx
 *       and Apache drop them too);
 *   <li>{@code Content-Type} and {@code Content-Length} (they are {@code CONTENT_TYPE} and {@code
 *       CONTENT_LENGTH}), the hop-by-hop fields and {@code Transfer-Encoding} and {@code Expect}
 *       (the body arrives de-chunked and already read), and {@code Proxy-Authorization} (meant for
 *       a proxy, never for the origin).
 * </ul>
 *
 * <p>{@code PATH_TRANSLATED} is deliberately not set: with {@code cgi.fix_pathinfo=0} php-cgi
 * would run the file it names instead of {@code SCRIPT_FILENAME}, and the extra path is client
 * input that was never checked against the root.
 *
 * <p>The JVM encodes environment strings in the platform's file-name charset: header values that
 * are valid UTF-8 are handed over as such, so a UTF-8 locale passes the client's bytes unchanged.
 */
final class CgiEnvironment {

  /** The {@code PATH} scripts see: the system's binaries, never the server's own PATH. */
  static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  private static final ImmutableSet<String> NOT_PASSED = ImmutableSet.of(
      "PROXY", "PROXY_AUTHORIZATION", "PROXY_CONNECTION", "CONTENT_TYPE", "CONTENT_LENGTH",
      "CONNECTION", "KEEP_ALIVE", "TE", "TRAILER", "TRANSFER_ENCODING", "UPGRADE", "EXPECT",
      "HTTP2_SETTINGS");

  private final String serverSoftware;
  private final String documentRoot;

  CgiEnvironment(String serverSoftware, String documentRoot) {
    this.serverSoftware = Objects.requireNonNull(serverSoftware, "serverSoftware");
    this.documentRoot = Objects.requireNonNull(documentRoot, "documentRoot");
  }

  /**
   * @param contentLength the length of the body the script will read on stdin, or -1 for none
   */
  Map<String, String> build(ScriptFile script, ScriptInvocation request, long contentLength) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("SERVER_SOFTWARE", serverSoftware);
    env.put("SERVER_NAME", request.serverName());
    env.put("SERVER_ADDR", request.server().address());
    env.put("SERVER_PORT", Integer.toString(request.server().port()));
    env.put("SERVER_PROTOCOL", request.protocol());
    env.put("REQUEST_METHOD", request.method());
    env.put("REQUEST_URI", request.requestUri());
    env.put("REQUEST_SCHEME", "http");
    env.put("DOCUMENT_ROOT", documentRoot);
    env.put("SCRIPT_NAME", script.path().toString());
    env.put("SCRIPT_FILENAME", script.fileName());
    String pathInfo = request.target().pathInfo();
    if (!pathInfo.isEmpty()) {
      env.put("PATH_INFO", pathInfo);
    }
    env.put("QUERY_STRING", request.query());
    if (contentLength >= 0) {
      env.put("CONTENT_LENGTH", Long.toString(contentLength));
    }
    firstValue(request, "Content-Type").ifPresent(type -> env.put("CONTENT_TYPE", forEnvironment(type)));
    env.put("REMOTE_ADDR", request.client().address());
    env.put("REMOTE_PORT", Integer.toString(request.client().port()));
    env.put("REDIRECT_STATUS", "200");
    env.put("PATH", PATH);
    for (HeaderField field : request.headers()) {
      String name = variableName(field.name());
      if (name == null || NOT_PASSED.contains(name)) {
        continue;
      }
      String key = "HTTP_" + name;
      String value = forEnvironment(field.value());
      env.merge(key, value, (earlier, later) -> earlier + (name.equals("COOKIE") ? "; " : ", ") + later);
    }
    return env;
  }

  private static java.util.Optional<String> firstValue(ScriptInvocation request, String name) {
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
   * valid UTF-8, so the environment carries the bytes the client sent.
   */
  static String forEnvironment(String latin1) {
    boolean ascii = true;
    for (int i = 0; i < latin1.length() && ascii; i++) {
      ascii = latin1.charAt(i) < 0x80;
    }
    if (ascii) {
      return latin1;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return latin1;
    }
  }
}
