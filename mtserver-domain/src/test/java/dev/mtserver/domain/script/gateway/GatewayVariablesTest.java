package dev.mtserver.domain.script.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.Endpoint;
import dev.mtserver.domain.script.HeaderField;
import dev.mtserver.domain.script.RequestBody;
import dev.mtserver.domain.script.ScriptFile;
import dev.mtserver.domain.script.ScriptInvocation;
import dev.mtserver.domain.script.ScriptLocation;
import dev.mtserver.domain.script.ScriptTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayVariablesTest {

  private final GatewayVariables variables = new GatewayVariables("MTServer/1.2", "/srv/site");
  private final ScriptFile script =
      new ScriptFile(
          SitePath.parse("/app/index.php"), ScriptLocation.localFile("/srv/site/app/index.php"));

  private static ScriptInvocation invocation(String path, String query, HeaderField... headers) {
    return new ScriptInvocation(
        ScriptTarget.find(SitePath.parse(path)).orElseThrow(),
        "POST",
        path + (query.isEmpty() ? "" : "?" + query),
        query,
        "HTTP/1.1",
        List.of(headers),
        new Endpoint("2001:db8::7", 51234),
        new Endpoint("127.0.0.1", 8080),
        "example.org",
        RequestBody.none());
  }

  private Map<String, String> build(
      String path, String query, long contentLength, HeaderField... headers) {
    return variables.build(
        script, "/srv/site/app/index.php", invocation(path, query, headers), contentLength);
  }

  @Test
  void the_rfc_3875_variables_are_set_from_the_request() {
    Map<String, String> env =
        build(
            "/app/index.php/users/7",
            "a=1&b=%20",
            3,
            new HeaderField("Host", "example.org:8080"),
            new HeaderField("Content-Type", "application/x-www-form-urlencoded"),
            new HeaderField("Content-Length", "3"));

    assertThat(env)
        .contains(
            entry("GATEWAY_INTERFACE", "CGI/1.1"),
            entry("SERVER_SOFTWARE", "MTServer/1.2"),
            entry("SERVER_NAME", "example.org"),
            entry("SERVER_PORT", "8080"),
            entry("SERVER_ADDR", "127.0.0.1"),
            entry("SERVER_PROTOCOL", "HTTP/1.1"),
            entry("REQUEST_METHOD", "POST"),
            entry("REQUEST_URI", "/app/index.php/users/7?a=1&b=%20"),
            entry("SCRIPT_NAME", "/app/index.php"),
            entry("SCRIPT_FILENAME", "/srv/site/app/index.php"),
            entry("DOCUMENT_ROOT", "/srv/site"),
            entry("PATH_INFO", "/users/7"),
            entry("QUERY_STRING", "a=1&b=%20"),
            entry("CONTENT_TYPE", "application/x-www-form-urlencoded"),
            entry("CONTENT_LENGTH", "3"),
            entry("REMOTE_ADDR", "2001:db8::7"),
            entry("REMOTE_PORT", "51234"),
            entry("REDIRECT_STATUS", "200"),
            entry("HTTP_HOST", "example.org:8080"));
    assertThat(env)
        .doesNotContainKeys("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH", "PATH_TRANSLATED");
  }

  @Test
  void nothing_else_is_there_not_even_a_path() {
    Map<String, String> env = build("/app/index.php", "", -1);

    assertThat(env.keySet())
        .containsExactly(
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
            "REDIRECT_STATUS");
    assertThat(env).containsEntry("QUERY_STRING", "");
    assertThat(env)
        .doesNotContainKeys("PATH_INFO", "CONTENT_LENGTH", "CONTENT_TYPE", "PATH", "HOME", "USER");
  }

  @Test
  void a_proxy_header_never_becomes_http_proxy() {
    Map<String, String> env =
        build(
            "/app/index.php",
            "",
            -1,
            new HeaderField("Proxy", "http://evil.example:3128"),
            new HeaderField("proxy", "http://evil.example:3128"),
            new HeaderField("Proxy-Authorization", "Basic x"));

    assertThat(env).doesNotContainKeys("HTTP_PROXY", "HTTP_PROXY_AUTHORIZATION");
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "X-Forwarded-For  | 10.0.0.1   | HTTP_X_FORWARDED_FOR=10.0.0.1",
        "user-agent       | curl/8     | HTTP_USER_AGENT=curl/8",
        "Authorization    | Bearer t   | HTTP_AUTHORIZATION=Bearer t",
        "X_Forwarded_For  | spoofed    | (dropped)",
        "X.Dotted         | 1          | (dropped)",
        "Connection       | close      | (dropped)",
        "Transfer-Encoding| chunked    | (dropped)",
        "TE               | trailers   | (dropped)",
        "Expect           | 100-continue | (dropped)",
        "Upgrade          | h2c        | (dropped)"
      })
  void request_headers_become_http_variables(String name, String value, String expected) {
    Map<String, String> env = build("/app/index.php", "", -1, new HeaderField(name, value));

    List<String> http =
        env.entrySet().stream()
            .filter(e -> e.getKey().startsWith("HTTP_"))
            .map(e -> e.getKey() + "=" + e.getValue())
            .toList();
    assertThat(http).isEqualTo(expected.equals("(dropped)") ? List.of() : List.of(expected));
  }

  @Test
  void repeated_headers_are_joined_and_cookies_with_semicolons() {
    Map<String, String> env =
        build(
            "/app/index.php",
            "",
            -1,
            new HeaderField("Accept", "text/html"),
            new HeaderField("accept", "*/*"),
            new HeaderField("Cookie", "a=1"),
            new HeaderField("Cookie", "b=2"));

    assertThat(env)
        .containsEntry("HTTP_ACCEPT", "text/html, */*")
        .containsEntry("HTTP_COOKIE", "a=1; b=2");
  }

  @Test
  void utf8_header_bytes_are_passed_as_utf8_and_other_bytes_as_they_are() {
    String utf8Bytes =
        new String("Zoë".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

    assertThat(GatewayVariables.asText(utf8Bytes)).isEqualTo("Zoë");
    assertThat(GatewayVariables.asText("caf\u00e9")).isEqualTo("caf\u00e9");
    assertThat(GatewayVariables.asText("plain")).isEqualTo("plain");
    assertThat(build("/app/index.php", "", -1, new HeaderField("X-Name", utf8Bytes)))
        .containsEntry("HTTP_X_NAME", "Zoë");
  }

  @Test
  void path_info_keeps_a_trailing_slash_and_is_decoded() {
    assertThat(build("/app/index.php/a b/", "", -1)).containsEntry("PATH_INFO", "/a b/");
  }

  @Test
  void content_length_is_given_for_a_body_or_a_declared_length_and_not_for_a_get() {
    ScriptInvocation get = invocation("/app/index.php", "");
    ScriptInvocation declaredEmpty =
        invocation("/app/index.php", "", new HeaderField("Content-Length", "0"));

    assertThat(GatewayVariables.contentLength(get, 0)).isEqualTo(-1);
    assertThat(GatewayVariables.contentLength(declaredEmpty, 0)).isZero();
    assertThat(GatewayVariables.contentLength(get, 12)).isEqualTo(12); // a chunked body, counted
  }

  @Test
  void each_call_gets_a_new_map_the_caller_may_extend() {
    Map<String, String> first = build("/app/index.php", "", -1);
    first.put("PATH", "/bin");

    assertThat(build("/app/index.php", "", -1)).doesNotContainKey("PATH");
  }
}
