package dev.mtserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One request through every layer: JDK HttpClient -> socket transport -> HTTP engine -> domain use
 * case -> file-system storage, on a real socket on an ephemeral port.
 */
class WalkingSkeletonIT {

  @TempDir static Path dir;
  static MtServer server;
  static HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    server = MtServer.start(ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")));
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.url().resolve(path))
            .method(method, BodyPublishers.noBody())
            .build();
    return client.send(request, BodyHandlers.ofString());
  }

  @Test
  void get_root_serves_the_starter_page() throws Exception {
    HttpResponse<String> response = send("GET", "/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    byte[] onDisk = Files.readAllBytes(dir.resolve("public/index.html"));
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(onDisk.length);
    assertThat(response.body())
        .isEqualTo(new String(onDisk, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(response.headers().firstValue("Server"))
        .hasValueSatisfying(s -> assertThat(s).startsWith("MTServer/"));
    assertThat(response.headers().firstValue("Date")).isPresent();
  }

  @Test
  void get_stylesheet_has_the_css_type_and_length() throws Exception {
    HttpResponse<String> response = send("GET", "/style.css");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(response.headers().firstValueAsLong("Content-Length"))
        .hasValue(Files.size(dir.resolve("public/style.css")));
  }

  @Test
  void a_missing_file_is_a_plain_404() throws Exception {
    HttpResponse<String> response = send("GET", "/no-such-page.html");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("404 Not Found\n");
  }

  @Test
  void unsupported_methods_get_405_with_allow_and_unknown_ones_501() throws Exception {
    HttpResponse<String> put = send("PUT", "/index.html");
    HttpResponse<String> brew = send("BREW", "/index.html");

    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).contains("GET, HEAD, POST, OPTIONS");
    assertThat(brew.statusCode()).isEqualTo(501);
  }

  @Test
  void php_source_is_never_sent() throws Exception {
    Files.writeString(dir.resolve("public/secret.php"), "<?php $password = 'hunter2'; ?>");

    HttpResponse<String> response = send("GET", "/secret.php");

    assertThat(response.statusCode()).isEqualTo(501);
    assertThat(response.body()).doesNotContain("hunter2");
  }

  @Test
  void a_directory_without_its_slash_is_redirected() throws Exception {
    HttpResponse<String> response = send("GET", "/downloads");

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("Location")).contains("/downloads/");
  }

  @Test
  void head_has_the_headers_of_get_and_no_body() throws Exception {
    HttpResponse<String> get = send("GET", "/style.css");
    HttpResponse<String> head = send("HEAD", "/style.css");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .isEqualTo(get.headers().firstValue("Content-Length"));
    assertThat(head.headers().firstValue("Content-Type"))
        .isEqualTo(get.headers().firstValue("Content-Type"));
  }
}
