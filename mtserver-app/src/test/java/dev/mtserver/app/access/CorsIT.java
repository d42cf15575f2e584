package dev.mtserver.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.AccessSettings;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.http.site.access.CorsPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cors} over real sockets, with {@code --auth-file} on: preflights are answered without
 * credentials, actual answers carry the CORS fields only for listed origins (issue 16, outcome 3).
 */
class CorsIT {

  private static final String APP = "https://app.example.com";

  @TempDir static Path dir;
  static MtServer listed;
  static MtServer anyOrigin;

  @BeforeAll
  static void start() throws Exception {
    Path users = dir.resolve("users");
    Tools.htpasswd(users, "ann", "s3cret");
    Files.createDirectories(dir.resolve("a"));
    Files.createDirectories(dir.resolve("b"));
    listed =
        MtServer.start(
            ServerSettings.forRoot(dir.resolve("a/public"), dir.resolve("a/data")).toBuilder()
                .access(
                    AccessSettings.defaults()
                        .withAuthFile(users)
                        .withCors(CorsPolicy.parse(APP + ", http://localhost:3000")))
                .build());
    anyOrigin =
        MtServer.start(
            ServerSettings.forRoot(dir.resolve("b/public"), dir.resolve("b/data")).toBuilder()
                .access(AccessSettings.defaults().withCors(CorsPolicy.parse("*")))
                .build());
  }

  @AfterAll
  static void stop() throws IOException {
    listed.close();
    anyOrigin.close();
  }

  private static RawHttpClient.Response send(MtServer server, String request) throws IOException {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      return client.send(request).readResponse();
    }
  }

  @Test
  void a_preflight_for_a_listed_origin_is_answered_without_credentials() throws IOException {
    RawHttpClient.Response response =
        send(
            listed,
            RawHttpClient.request(
                "OPTIONS",
                "/downloads/report.pdf",
                "Origin: " + APP,
                "Access-Control-Request-Method: PUT",
                "Access-Control-Request-Headers: authorization, if-match"));
    assertThat(response.status()).isEqualTo(204);
    assertThat(response.header("Access-Control-Allow-Origin")).contains(APP);
    assertThat(response.header("Access-Control-Allow-Credentials")).contains("true");
    assertThat(response.header("Access-Control-Allow-Methods"))
        .hasValueSatisfying(methods -> assertThat(methods).contains("PUT", "DELETE", "POST"));
    assertThat(response.header("Access-Control-Allow-Headers")).contains("authorization, if-match");
    assertThat(response.header("Access-Control-Max-Age")).contains("600");
    assertThat(response.header("Vary")).contains("Origin");
    assertThat(response.header("WWW-Authenticate")).isEmpty();
  }

  @Test
  void a_preflight_from_another_origin_gets_no_cors_fields() throws IOException {
    RawHttpClient.Response response =
        send(
            listed,
            RawHttpClient.request(
                "OPTIONS",
                "/upload",
                "Origin: https://evil.example",
                "Access-Control-Request-Method: POST"));
    assertThat(response.status()).isEqualTo(204);
    assertThat(response.header("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void actual_answers_name_only_listed_origins_and_vary_on_origin() throws IOException {
    RawHttpClient.Response allowed =
        send(listed, RawHttpClient.request("GET", "/", "Origin: http://localhost:3000"));
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.header("Access-Control-Allow-Origin")).contains("http://localhost:3000");
    assertThat(allowed.header("Access-Control-Allow-Credentials")).contains("true");
    assertThat(allowed.header("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Origin"));

    RawHttpClient.Response other =
        send(listed, RawHttpClient.request("GET", "/", "Origin: https://evil.example"));
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.header("Access-Control-Allow-Origin")).isEmpty();
    assertThat(other.header("Vary")).hasValueSatisfying(v -> assertThat(v).contains("Origin"));

    // a write from a listed origin still needs credentials, and its 401 is readable by the page
    RawHttpClient.Response write =
        send(
            listed,
            RawHttpClient.request(
                "POST",
                "/index.html",
                "Origin: " + APP,
                "Content-Type: application/x-www-form-urlencoded",
                "Content-Length: 0"));
    assertThat(write.status()).isEqualTo(401);
    assertThat(write.header("Access-Control-Allow-Origin")).contains(APP);
  }

  @Test
  void star_is_for_reads_and_never_with_credentials() throws IOException {
    RawHttpClient.Response read =
        send(anyOrigin, RawHttpClient.request("GET", "/", "Origin: https://anyone.example"));
    assertThat(read.header("Access-Control-Allow-Origin")).contains("*");
    assertThat(read.header("Access-Control-Allow-Credentials")).isEmpty();

    RawHttpClient.Response preflight =
        send(
            anyOrigin,
            RawHttpClient.request(
                "OPTIONS",
                "/upload",
                "Origin: https://anyone.example",
                "Access-Control-Request-Method: POST"));
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();

    RawHttpClient.Response getPreflight =
        send(
            anyOrigin,
            RawHttpClient.request(
                "OPTIONS",
                "/",
                "Origin: https://anyone.example",
                "Access-Control-Request-Method: GET",
                "Access-Control-Request-Headers: Authorization, Range"));
    assertThat(getPreflight.header("Access-Control-Allow-Origin")).contains("*");
    assertThat(getPreflight.header("Access-Control-Allow-Headers")).contains("Range");
    assertThat(getPreflight.header("Access-Control-Allow-Credentials")).isEmpty();
  }
}
