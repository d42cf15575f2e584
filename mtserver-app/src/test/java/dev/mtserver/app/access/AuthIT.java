package dev.mtserver.app.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.app.AccessSettings;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.RefusedSettingException;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.ops.AccessLogTarget;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.domain.access.AccessScope;
import dev.mtserver.transport.socket.TransportConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --auth-file} over real sockets, with the real {@code htpasswd} and curl: writes need a
 * password, the 401 comes from the head before the body, failures are throttled, the file is
 * re-read, and the access log names the user (issue 16, outcome 2; ADR 0040).
 */
class AuthIT {

  private static final String CHALLENGE = "Basic realm=\"MTServer\", charset=\"UTF-8\"";

  @TempDir static Path dir;
  static Path users;
  static Path log;
  static MtServer server;

  @BeforeAll
  static void start() throws Exception {
    users = dir.resolve("users");
    Tools.htpasswd(users, "ann", "s3cret:ä");
    log = dir.resolve("access.log");
    server = MtServer.start(settings(dir.resolve("site"), AccessSettings.defaults()));
  }

  static ServerSettings settings(Path site, AccessSettings access) throws IOException {
    Files.createDirectories(site);
    return ServerSettings.forRoot(site.resolve("public"), site.resolve("data")).toBuilder()
        .access(access.withAuthFile(users).withMaxFailures(100))
        .accessLog(new AccessLogTarget.ToFile(site.resolve("access.log")))
        .build();
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static String url(MtServer on, String path) {
    return "http://127.0.0.1:" + on.address().getPort() + path;
  }

  @Test
  void reads_need_no_password_uploads_do() throws Exception {
    assertThat(Tools.curl(url(server, "/")).status()).isEqualTo(200);

    Path file = dir.resolve("hello.txt");
    Files.writeString(file, "hello");
    Tools.CurlResult anonymous = Tools.curl("-F", "file=@" + file, url(server, "/upload"));
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.out()).contains("WWW-Authenticate: " + CHALLENGE);

    Tools.CurlResult wrong =
        Tools.curl("-u", "ann:nope", "-F", "file=@" + file, url(server, "/upload"));
    assertThat(wrong.status()).isEqualTo(401);

    Tools.CurlResult good =
        Tools.curl("-u", "ann:s3cret:ä", "-F", "file=@" + file, url(server, "/upload"));
    assertThat(good.status()).isBetween(200, 303);
    assertThat(dir.resolve("site/public/downloads/hello.txt")).hasContent("hello");

    Path accessLog = dir.resolve("site").resolve("access.log");
    Eventually.within(
        Duration.ofSeconds(5),
        () ->
            assertThat(lines(accessLog))
                .anyMatch(line -> line.contains(" - ann [") && line.contains("POST /upload"))
                .anyMatch(line -> line.contains(" - - [") && line.contains("\" 401 ")));
  }

  private static java.util.List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : java.util.List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void every_unsafe_method_is_guarded_even_ones_no_handler_takes() throws Exception {
    for (String method : new String[] {"PUT", "DELETE", "PATCH", "POST"}) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url(server, "/files/x")))
                      .method(method, HttpRequest.BodyPublishers.ofString("x"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(method).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
    }
  }

  @Test
  void a_one_gib_upload_without_credentials_is_refused_from_its_head_before_any_body_byte()
      throws Exception {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      RawHttpClient.Response response =
          client
              .send(
                  "POST /upload HTTP/1.1\r\nHost: localhost\r\n"
                      + "Content-Type: multipart/form-data; boundary=x\r\n"
                      + "Content-Length: 1073741824\r\n\r\n")
              .readResponse();
      // not one body byte was sent, and the answer is already here
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.header("WWW-Authenticate")).contains(CHALLENGE);
      assertThat(response.header("Connection")).contains("close");
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void expect_100_continue_gets_the_401_instead_of_100() throws Exception {
    try (RawHttpClient client = RawHttpClient.connect(server.address())) {
      RawHttpClient.Response response =
          client
              .send(
                  "PUT /downloads/big.bin HTTP/1.1\r\nHost: localhost\r\n"
                      + "Content-Length: 1073741824\r\nExpect: 100-continue\r\n\r\n")
              .readResponse();
      assertThat(response.status()).isEqualTo(401);
      assertThat(client.closedByServer()).isTrue();
    }
  }

  @Test
  void a_client_streaming_a_large_body_gets_the_401_before_it_has_finished_sending()
      throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /upload HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: multipart/form-data; boundary=x\r\n"
                  + "Content-Length: 1073741824\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      long sent = 0;
      // send 1 MiB, then look for the answer: it must already be there, long before 1 GiB
      for (int i = 0; i < 16; i++) {
        try {
          out.write(chunk);
          sent += chunk.length;
        } catch (IOException closed) {
          break; // the server closed after answering: also proof it did not wait for the body
        }
      }
      byte[] answer = new byte[512];
      int n = socket.getInputStream().read(answer);
      String head = new String(answer, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
      assertThat(head).startsWith("HTTP/1.1 401 ");
      assertThat(sent).isLessThan(1L << 30);
    }
  }

  @Test
  void a_new_user_added_to_the_file_is_let_in_without_a_restart() throws Exception {
    Path site = Files.createDirectories(dir.resolve("reload"));
    Path ownUsers = dir.resolve("reload-users");
    Tools.htpasswd(ownUsers, "ann", "s3cret");
    try (MtServer reloading =
        MtServer.start(
            ServerSettings.forRoot(site.resolve("public"), site.resolve("data")).toBuilder()
                .access(AccessSettings.defaults().withAuthFile(ownUsers))
                .build())) {
      String bob = "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(UTF8));
      assertThat(post(reloading, bob)).isEqualTo(401);
      Tools.htpasswd(ownUsers, "bob", "pw");
      assertThat(Eventually.within(Duration.ofSeconds(10), () -> post(reloading, bob) != 401))
          .isTrue();
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static int post(MtServer on, String authorization) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url(on, "/index.html")))
                  .header("Authorization", authorization)
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void repeated_failures_from_one_address_get_429_with_retry_after() throws Exception {
    Path site = Files.createDirectories(dir.resolve("throttle"));
    try (MtServer throttled =
        MtServer.start(
            ServerSettings.forRoot(site.resolve("public"), site.resolve("data")).toBuilder()
                .access(AccessSettings.defaults().withAuthFile(users).withMaxFailures(3))
                .build())) {
      String wrong = "Basic " + Base64.getEncoder().encodeToString("ann:guess".getBytes(UTF8));
      for (int i = 0; i < 3; i++) {
        assertThat(post(throttled, wrong)).isEqualTo(401);
      }
      HttpResponse<String> refused =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url(throttled, "/index.html")))
                      .header(
                          "Authorization",
                          "Basic "
                              + Base64.getEncoder().encodeToString("ann:s3cret:ä".getBytes(UTF8)))
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After").map(Integer::parseInt))
          .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1, 60));
      // reads are not affected
      assertThat(Tools.curl(url(throttled, "/")).status()).isEqualTo(200);
    }
  }

  @Test
  void scope_all_guards_reads_but_not_the_health_check() throws Exception {
    Path site = Files.createDirectories(dir.resolve("all"));
    try (MtServer all =
        MtServer.start(
            ServerSettings.forRoot(site.resolve("public"), site.resolve("data")).toBuilder()
                .access(AccessSettings.defaults().withAuthFile(users).withScope(AccessScope.ALL))
                .build())) {
      assertThat(Tools.curl(url(all, "/")).status()).isEqualTo(401);
      assertThat(Tools.curl(url(all, "/metrics")).status()).isEqualTo(401);
      assertThat(Tools.curl(url(all, "/healthz")).status()).isEqualTo(200);
      assertThat(Tools.curl("-u", "ann:s3cret:ä", url(all, "/")).status()).isEqualTo(200);
    }
  }

  @Test
  void basic_auth_on_a_reachable_plain_listener_is_refused_unless_allowed() throws Exception {
    Path site = dir.resolve("insecure");
    ServerSettings onAll =
        ServerSettings.forRoot(site.resolve("public"), site.resolve("data")).toBuilder()
            .access(AccessSettings.defaults().withAuthFile(users))
            .transport(TransportConfig.builder(InetAddress.getByName("0.0.0.0")).port(0).build())
            .build();
    assertThatThrownBy(() -> MtServer.start(onAll))
        .isInstanceOf(RefusedSettingException.class)
        .hasMessageContaining("--allow-insecure-auth");
    assertThat(Files.exists(site.resolve("public"))).isFalse(); // refused before anything
  }
}
