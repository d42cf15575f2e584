package dev.mtserver.domain.script;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a script may learn about the request it answers. Values are copies: the invocation
 * stays valid however long the script runs.
 *
 * @param target the script and the extra path after it
 * @param method the request method, such as {@code GET}
 * @param requestUri the request target's path and query as the client sent them, still
 *     percent-encoded ({@code /app.php/x?id=7})
 * @param query the query without its {@code ?}, still percent-encoded; empty when there was none
 * @param protocol the protocol version, such as {@code HTTP/1.1}
 * @param headers the request's header fields, in the order received
 * @param client the client's address and port
 * @param server the local address and port the client connected to
 * @param serverName the host name the client asked for ({@code Host} without its port), or the
 *     local address when it named none
 * @param body the request body
 */
public record ScriptInvocation(
    ScriptTarget target,
    String method,
    String requestUri,
    String query,
    String protocol,
    List<HeaderField> headers,
    Endpoint client,
    Endpoint server,
    String serverName,
    RequestBody body) {

  public ScriptInvocation {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(requestUri, "requestUri");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(protocol, "protocol");
    headers = ImmutableList.copyOf(headers);
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(body, "body");
  }
}
