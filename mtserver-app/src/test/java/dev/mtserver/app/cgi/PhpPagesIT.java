package dev.mtserver.app.cgi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real PHP pages through php-cgi, on a real server over real sockets. */
class PhpPagesIT {

  @TempDir static Path dir;
  static Path root;
  static MtServer server;
  static final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    Path phpCgi = PhpCgi.require();
    root = dir.resolve("public");
    Files.createDirectories(root);
    Files.writeString(root.resolve("index.html"), "<p>static index</p>");
    php("hello.php", "echo 'Hello from PHP ', PHP_MAJOR_VERSION;");
    php("get.php", "echo 'name=', $_GET['name'] ?? '(none)';");
    php(
        "post.php",
        """
        header('Content-Type: text/plain');
        foreach ($_POST as $k => $v) { echo "$k=$v\\n"; }
        foreach ($_FILES as $k => $f) {
          echo "file $k=", $f['name'], ':', file_get_contents($f['tmp_name']), "\\n";
        }
        """);
    php("raw.php", "echo getenv('CONTENT_LENGTH'), ':', file_get_contents('php://input');");
    php(
        "teapot.php",
        "http_response_code(418); header('X-Brew: earl-grey'); echo 'short and stout';");
    php("redirect.php", "header('Location: /index.html');");
    php(
        "env.php",
        """
        header('Content-Type: text/plain');
        foreach (['HTTP_PROXY', 'HOME', 'USER', 'PATH_INFO', 'SCRIPT_NAME', 'QUERY_STRING',
            'REQUEST_METHOD', 'SERVER_NAME', 'SERVER_PROTOCOL', 'GATEWAY_INTERFACE', 'REMOTE_ADDR',
            'HTTP_X_TEST'] as $k) {
          echo $k, '=', var_export(getenv($k), true), "\\n";
        }
        """);
    php("sleep.php", "sleep(30); echo 'woke up';");
    php(
        "noisy.php",
        """
        $stderr = fopen('php://stderr', 'w'); // php-cgi has no STDERR constant
        $line = str_repeat('e', 1000) . "\\n";
        for ($i = 0; $i < 2000; $i++) { fwrite($stderr, $line); }
        echo 'done';
        """);
    php("big.php", "echo str_repeat('0123456789', 100000);");
    Files.createDirectories(root.resolve("folder.php"));
    Files.writeString(dir.resolve("outside.php"), "<?php echo 'outside ran';");
    Files.createSymbolicLink(root.resolve("escape.php"), dir.resolve("outside.php"));

    ScriptSettings scripts =
        ScriptSettings.using(phpCgi).withTimeout(Duration.ofSeconds(3)).withMaxScripts(8);
    server =
        MtServer.start(
            ServerSettings.forRoot(root, dir.resolve("data")).toBuilder().scripts(scripts).build());
  }

  static void php(String name, String code) throws IOException {
    Files.writeString(root.resolve(name), "<?php\n" + code + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(20)).build(),
        BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String type, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.url().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", type)
            .POST(BodyPublishers.ofString(body, UTF_8))
            .build(),
        BodyHandlers.ofString());
  }

  @Test
  void a_page_echoes_with_phps_content_type() throws Exception {
    HttpResponse<String> response = get("/hello.php");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("Hello from PHP ");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
  }

  @Test
  void query_parameters_reach_get() throws Exception {
    assertThat(get("/get.php?name=Zo%C3%AB").body()).isEqualTo("name=Zoë");
  }

  @Test
  void urlencoded_and_multipart_forms_reach_post_and_files() throws Exception {
    assertThat(post("/post.php", "application/x-www-form-urlencoded", "a=1&b=two+words").body())
        .isEqualTo("a=1\nb=two words\n");

    String boundary = "----mtserver-test";
    String multipart =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
            + "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nfile body\r\n"
            + "--"
            + boundary
            + "--\r\n";
    assertThat(post("/post.php", "multipart/form-data; boundary=" + boundary, multipart).body())
        .isEqualTo("note=hello\nfile doc=a.txt:file body\n");
  }

  @Test
  void a_chunked_body_arrives_de_chunked_with_its_length() throws Exception {
    try (RawHttpClient http = RawHttpClient.connect(server.url(), Duration.ofSeconds(20))) {
      http.send(
          "POST /raw.php HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n");

      assertThat(http.readResponse().bodyText()).isEqualTo("5:hello");
    }
  }

  @Test
  void header_and_http_response_code_are_honoured() throws Exception {
    HttpResponse<String> response = get("/teapot.php");

    assertThat(response.statusCode()).isEqualTo(418);
    assertThat(response.headers().firstValue("X-Brew")).contains("earl-grey");
    assertThat(response.body()).isEqualTo("short and stout");
  }

  @Test
  void a_location_header_redirects_the_client() throws Exception {
    HttpResponse<String> response = get("/redirect.php");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).contains("/index.html");
  }

  @Test
  void the_cgi_environment_has_path_info_and_no_proxy_or_server_secrets() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(server.url().resolve("/env.php/extra/path?x=1"))
                .header("Proxy", "http://evil.example:3128")
                .header("X-Test", "yes")
                .build(),
            BodyHandlers.ofString());

    assertThat(response.body().lines())
        .contains(
            "HTTP_PROXY=false",
            "HOME=false",
            "USER=false",
            "PATH_INFO='/extra/path'",
            "SCRIPT_NAME='/env.php'",
            "QUERY_STRING='x=1'",
            "REQUEST_METHOD='GET'",
            "SERVER_NAME='127.0.0.1'",
            "SERVER_PROTOCOL='HTTP/1.1'",
            "GATEWAY_INTERFACE='CGI/1.1'",
            "REMOTE_ADDR='127.0.0.1'",
            "HTTP_X_TEST='yes'");
  }

  @Test
  void head_gets_the_header_and_no_body() throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(server.url().resolve("/hello.php"))
                .method("HEAD", BodyPublishers.noBody())
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void a_large_page_streams_whole() throws Exception {
    HttpResponse<String> response = get("/big.php");

    assertThat(response.body()).hasSize(1_000_000).isEqualTo("0123456789".repeat(100_000));
  }

  @Test
  void a_script_that_sleeps_past_the_timeout_is_504_and_is_gone() throws Exception {
    long started = System.nanoTime();

    HttpResponse<String> response = get("/sleep.php");

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.body()).doesNotContain("woke up");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    Eventually.within(Duration.ofSeconds(10), () -> assertThat(server.runningScripts()).isZero());
  }

  @Test
  void a_script_that_floods_stderr_still_answers() throws Exception {
    HttpResponse<String> response = get("/noisy.php");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("done");
  }

  @Test
  void an_uploaded_php_file_is_never_run() throws Exception {
    String boundary = "----upload";
    String multipart =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"x.php\"\r\n"
            + "Content-Type: application/x-php\r\n\r\n<?php echo 'RAN' . 'X'; ?>\r\n"
            + "--"
            + boundary
            + "--\r\n";
    HttpResponse<String> upload =
        post("/upload", "multipart/form-data; boundary=" + boundary, multipart);
    assertThat(upload.statusCode()).isEqualTo(201);
    assertThat(root.resolve("downloads/x.php")).exists();

    for (String path : List.of("/downloads/x.php", "/downloads/x.php/extra", "/downloads/X.PHP")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isIn(403, 404);
      assertThat(response.body()).as(path).doesNotContain("RANX").doesNotContain("<?php");
    }
  }

  @Test
  void a_php_symlink_leaving_the_root_a_directory_and_a_missing_script_are_404() throws Exception {
    for (String path :
        List.of(
            "/escape.php", "/folder.php", "/folder.php/x", "/missing.php", "/index.html/x.php")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.body()).as(path).doesNotContain("outside ran");
    }
  }

  @Test
  void without_php_cgi_php_pages_are_501_and_their_source_is_never_sent() throws Exception {
    try (MtServer plain = MtServer.start(ServerSettings.forRoot(root, dir.resolve("data-plain")))) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(plain.url().resolve("/hello.php")).build(),
              BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(501);
      assertThat(response.body()).doesNotContain("<?php").doesNotContain("echo");
    }
  }
}
