package dev.mtserver.dynamic.cgi;

import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.gateway.GatewayVariables;
import java.util.Map;

/**
 * Builds a script's whole environment from scratch: the variables every gateway passes ({@link
 * GatewayVariables}: the RFC 3875 meta-variables, {@code HTTP_*} without {@code HTTP_PROXY}, {@code
 * REDIRECT_STATUS=200}, ...) and what only a child process needs besides, a fixed {@code PATH}.
 * Nothing of the server's own environment is passed on, so none of its secrets can leak into a
 * script.
 *
 * <p>The JVM encodes environment strings in the platform's file-name charset: the variables are
 * text (header values that are valid UTF-8 already decoded as such), so a UTF-8 locale passes the
 * client's bytes unchanged.
 */
final class CgiEnvironment {

  /** The {@code PATH} scripts see: the system's binaries, never the server's own PATH. */
  static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  private final GatewayVariables variables;

  CgiEnvironment(String serverSoftware, String documentRoot) {
    this.variables = new GatewayVariables(serverSoftware, documentRoot);
  }

  /**
   * @param scriptFileName the local file php-cgi runs ({@code SCRIPT_FILENAME})
   * @param contentLength the length of the body the script will read on stdin, or -1 for none
   */
  Map<String, String> build(
      ScriptFile script, String scriptFileName, ScriptInvocation request, long contentLength) {
    Map<String, String> env = variables.build(script, scriptFileName, request, contentLength);
    env.put("PATH", PATH);
    return env;
  }
}
