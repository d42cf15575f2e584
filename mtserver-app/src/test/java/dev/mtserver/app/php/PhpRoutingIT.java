package dev.mtserver.app.php;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.dynamic.cgi.Executables;
import dev.mtserver.dynamic.fastcgi.testing.PhpFpm;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The routing a PHP application needs (issue 18, outcome 2; ADR 0041), through both adapters on the
 * same site: one server runs php-cgi, the other php-fpm, both with {@code --php-front-controller
 * /index.php}. Each script prints what it was told.
 */
class PhpRoutingIT {

  @TempDir static Path dir;
  static PhpFpm fpm;
  static MtServer cgi;
  static MtServer fastCgi;
  static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Prints the variables the routing decides, one per line. */
  private static final String SHOW =
      """
      <?php
      header('Content-Type: text/plain');
      echo 'ran=', basename(__DIR__), '/', basename(__FILE__), "\\n";
      foreach (['SCRIPT_NAME', 'PATH_INFO', 'REQUEST_URI', 'QUERY_STRING', 'REQUEST_METHOD']
          as $k) {
        echo $k, '=', $_SERVER[$k] ?? '(unset)', "\\n";
      }
      echo 'body=', file_get_contents('php://input'), "\\n";
      """;

  @BeforeAll
  static void start() throws Exception {
    Optional<Path> phpCgi = Executables.findOnPath(Executables.PHP_CGI, System.getenv("PATH"));
    PhpFpm.binary(); // skips (or fails under CI) without php-fpm
    Path root = dir.resolve("public");
    Files.createDirectories(root.resolve("wiki"));
    Files.createDirectories(root.resolve("app"));
    Files.createDirectories(root.resolve("docs"));
    Files.createDirectories(root.resolve("empty"));
    Files.writeString(root.resolve("index.php"), SHOW);
    Files.writeString(root.resolve("wiki/doku.php"), SHOW);
    Files.writeString(root.resolve("app/index.php"), SHOW);
    Files.writeString(root.resolve("docs/index.html"), "<p>docs index.html</p>");
    Files.writeString(root.resolve("docs/index.php"), SHOW);
    Files.writeString(root.resolve("style.css"), "body{}");
    Path uploads = root.resolve("downloads");
    Files.createDirectories(uploads);
    Files.writeString(uploads.resolve("evil.jpg"), "<?php echo 'evil ran';");
    Files.writeString(uploads.resolve("index.php"), "<?php echo 'uploaded index ran';");

    fpm = PhpFpm.start(dir.resolve("fpm"), 2, false);
    ScriptSettings routing =
        ScriptSettings.disabled()
            .withTimeout(Duration.ofSeconds(10))
            .withFrontController(Optional.of(SitePath.parse("/index.php")));
    fastCgi =
        MtServer.start(
            ServerSettings.forRoot(root, dir.resolve("data-fpm")).toBuilder()
                .scripts(routing.withPhpFpm(Optional.of(fpm.address())).withFpmConnections(2))
                .build());
    if (phpCgi.isPresent()) {
      cgi =
          MtServer.start(
              ServerSettings.forRoot(root, dir.resolve("data-cgi")).toBuilder()
                  .scripts(
                      new ScriptSettings(
                          phpCgi,
                          routing.timeout(),
                          4,
                          Optional.empty(),
                          1,
                          routing.frontController()))
                  .build());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    for (AutoCloseable closeable : new AutoCloseable[] {fastCgi, cgi, fpm}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  private static MtServer server(String adapter) {
    MtServer server = adapter.equals("fpm") ? fastCgi : cgi;
    org.junit.jupiter.api.Assumptions.assumeTrue(
        server != null || "true".equalsIgnoreCase(System.getenv("CI")), "php-cgi is not installed");
    return server;
  }

  private static HttpResponse<String> get(String adapter, String target) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server(adapter).url().resolve(target))
            .timeout(Duration.ofSeconds(20))
            .build(),
        BodyHandlers.ofString());
  }

  private static Map<String, String> variables(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response
        .body()
        .lines()
        .filter(line -> line.contains("="))
        .collect(
            java.util.stream.Collectors.toMap(
                line -> line.substring(0, line.indexOf('=')),
                line -> line.substring(line.indexOf('=') + 1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cgi", "fpm"})
  void a_directory_without_index_html_runs_its_index_php(String adapter) throws Exception {
    Map<String, String> root = variables(get(adapter, "/"));
    assertThat(root).containsEntry("ran", "public/index.php");
    assertThat(root).containsEntry("SCRIPT_NAME", "/index.php").containsEntry("REQUEST_URI", "/");

    Map<String, String> app = variables(get(adapter, "/app/?page=2"));
    assertThat(app)
        .containsEntry("ran", "app/index.php")
        .containsEntry("SCRIPT_NAME", "/app/index.php")
        .containsEntry("REQUEST_URI", "/app/?page=2")
        .containsEntry("QUERY_STRING", "page=2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cgi", "fpm"})
  void index_html_comes_first_and_a_directory_without_its_slash_is_redirected(String adapter)
      throws Exception {
    assertThat(get(adapter, "/docs/").body()).isEqualTo("<p>docs index.html</p>");
    HttpResponse<String> bare = get(adapter, "/app");
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("Location")).contains("/app/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cgi", "fpm"})
  void a_path_through_a_script_is_split_into_script_name_and_path_info(String adapter)
      throws Exception {
    Map<String, String> vars = variables(get(adapter, "/wiki/doku.php/start/page?do=show"));

    assertThat(vars)
        .containsEntry("ran", "wiki/doku.php")
        .containsEntry("SCRIPT_NAME", "/wiki/doku.php")
        .containsEntry("PATH_INFO", "/start/page")
        .containsEntry("REQUEST_URI", "/wiki/doku.php/start/page?do=show")
        .containsEntry("QUERY_STRING", "do=show");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cgi", "fpm"})
  void a_path_that_names_nothing_runs_the_front_controller_with_the_request_uri_intact(
      String adapter) throws Exception {
    Map<String, String> vars = variables(get(adapter, "/users/7/edit?tab=mail"));
    assertThat(vars)
        .containsEntry("ran", "public/index.php")
        .containsEntry("SCRIPT_NAME", "/index.php")
        .containsEntry("PATH_INFO", "(unset)")
        .containsEntry("REQUEST_URI", "/users/7/edit?tab=mail")
        .containsEntry("QUERY_STRING", "tab=mail");

    HttpResponse<String> posted =
        client.send(
            HttpRequest.newBuilder(server(adapter).url().resolve("/api/users"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"ada\"}", UTF_8))
                .build(),
            BodyHandlers.ofString());
    assertThat(variables(posted))
        .containsEntry("REQUEST_METHOD", "POST")
        .containsEntry("REQUEST_URI", "/api/users")
        .containsEntry("body", "{\"name\":\"ada\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cgi", "fpm"})
  void files_stay_static_and_a_missing_script_is_not_found(String adapter) throws Exception {
    assertThat(get(adapter, "/style.css").body()).isEqualTo("body{}");
    assertThat(get(adapter, "/missing.php").statusCode()).isEqualTo(404);
    assertThat(get(adapter, "/missing.php/extra").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cgi", "fpm"})
  void nothing_uploaded_ever_runs_whatever_the_path(String adapter) throws Exception {
    HttpResponse<String> through = get(adapter, "/downloads/evil.jpg/x.php");
    assertThat(through.statusCode()).isEqualTo(403); // under the uploads: refused, never run
    assertThat(through.body()).doesNotContain("evil ran");

    HttpResponse<String> image = get(adapter, "/downloads/evil.jpg");
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.body()).isEqualTo("<?php echo 'evil ran';"); // served as data

    HttpResponse<String> index = get(adapter, "/downloads/");
    assertThat(index.body()).doesNotContain("uploaded index ran");
    assertThat(get(adapter, "/downloads/index.php").statusCode()).isEqualTo(403);
  }
}
