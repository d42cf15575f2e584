package dev.mtserver.dynamic.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.Endpoint;
import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.RequestBody;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.ScriptLocation;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.domain.script.gateway.GatewayVariables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The child's environment: the domain's {@link GatewayVariables} (tested there, in {@code
 * GatewayVariablesTest}) plus a fixed {@code PATH}, and nothing of the server's own environment.
 */
class CgiEnvironmentTest {

  private final CgiEnvironment environment = new CgiEnvironment("MTServer/1.2", "/srv/site");
  private final ScriptFile script =
      new ScriptFile(
          SitePath.parse("/app/index.php"), ScriptLocation.localFile("/srv/site/app/index.php"));

  private static ScriptInvocation invocation(String path, HeaderField... headers) {
    return new ScriptInvocation(
        ScriptTarget.find(SitePath.parse(path)).orElseThrow(),
        "POST",
        path,
        "",
        "HTTP/1.1",
        List.of(headers),
        new Endpoint("2001:db8::7", 51234),
        new Endpoint("127.0.0.1", 8080),
        "example.org",
        RequestBody.none());
  }

  @Test
  void the_environment_is_the_gateway_variables_and_a_fixed_path() {
    ScriptInvocation request =
        invocation(
            "/app/index.php/users/7",
            new HeaderField("Host", "example.org:8080"),
            new HeaderField("Proxy", "http://evil.example:3128"),
            new HeaderField("Content-Length", "3"));

    Map<String, String> env = environment.build(script, "/srv/site/app/index.php", request, 3);

    Map<String, String> expected =
        new HashMap<>(
            new GatewayVariables("MTServer/1.2", "/srv/site")
                .build(script, "/srv/site/app/index.php", request, 3));
    expected.put("PATH", CgiEnvironment.PATH);
    assertThat(env).isEqualTo(expected);
    assertThat(env)
        .containsEntry("PATH_INFO", "/users/7")
        .containsEntry("CONTENT_LENGTH", "3")
        .doesNotContainKey("HTTP_PROXY");
  }

  @Test
  void nothing_else_is_there_not_even_the_servers_own_environment() {
    Map<String, String> env =
        environment.build(script, "/srv/site/app/index.php", invocation("/app/index.php"), -1);

    assertThat(env.keySet())
        .containsExactlyInAnyOrder(
            "GATEWAY_INTERFACE",
            "SERVER_SOFTWARE",
            "SERVER_NAME",
            "SERVER_ADDR",
            "SERVER_PORT",
            "SERVER_PROTOCOL",
            "REQUEST_METHOD",
            "REQUEST_URI",
            "REQUEST_SCHEME",
            "DOCUMENT_ROOT",
            "SCRIPT_NAME",
            "SCRIPT_FILENAME",
            "QUERY_STRING",
            "REMOTE_ADDR",
            "REMOTE_PORT",
            "REDIRECT_STATUS",
            "PATH");
    assertThat(env).containsEntry("PATH", "/usr/local/bin:/usr/bin:/bin");
    assertThat(env)
        .doesNotContainKeys("PATH_INFO", "CONTENT_LENGTH", "CONTENT_TYPE", "HOME", "USER");
  }
}
