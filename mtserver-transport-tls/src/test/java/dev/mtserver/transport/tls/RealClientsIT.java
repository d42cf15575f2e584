package dev.mtserver.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.transport.tls.OpenSsl.KeyFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ServerTls} on a real loopback socket ({@link LoopbackTlsServer}), met by the clients
 * people use: curl, {@code openssl s_client} and the JDK's {@code HttpClient}.
 */
class RealClientsIT {

  @TempDir static Path dir;
  static ServerTls rsaTls;
  static LoopbackTlsServer rsa;
  static DevelopmentCertificate development;
  static ServerTls devTls;
  static LoopbackTlsServer dev;
  static Path rsaCert;

  @BeforeAll
  static void servers() throws Exception {
    Path key = OpenSsl.key(dir.resolve("rsa.key"), KeyFormat.RSA_PKCS1);
    rsaCert = OpenSsl.selfSigned(key, dir.resolve("rsa.pem"), "localhost");
    rsaTls =
        ServerTls.start(
            new PemFiles(rsaCert, key), HandshakeTest.NO_RELOAD, HandshakeTest.NO_THREADS);
    rsa = new LoopbackTlsServer(rsaTls);
    development =
        DevelopmentCertificate.loadOrCreate(dir.resolve("data/tls"), List.of(), Clock.systemUTC());
    devTls =
        ServerTls.start(development.files(), HandshakeTest.NO_RELOAD, HandshakeTest.NO_THREADS);
    dev = new LoopbackTlsServer(devTls);
  }

  @AfterAll
  static void stop() throws Exception {
    rsa.close();
    dev.close();
    rsaTls.close();
    devTls.close();
  }

  record Run(int exit, String output) {}

  static Run run(String stdin, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + List.of(command));
    }
    return new Run(process.exitValue(), output);
  }

  static Run sClient(int port, String... options) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-servername",
                "localhost"));
    command.addAll(List.of(options));
    return run("", command.toArray(String[]::new));
  }

  @Test
  void curl_fetches_over_https_trusting_the_development_certificate() throws Exception {
    Path cert = development.files().certificateChain();

    Run curl =
        run(
            "",
            "curl",
            "-sS",
            "--cacert",
            cert.toString(),
            "-w",
            " %{http_code} %{http_version}",
            "https://localhost:" + dev.port() + "/");

    assertThat(curl.output()).isEqualTo("ok\n 200 1.1");
    assertThat(curl.exit()).isZero();
    assertThat(dev.protocols).contains("TLSv1.3 http/1.1");
  }

  @Test
  void curl_by_ip_address_verifies_the_address_in_the_certificate() throws Exception {
    Run curl =
        run(
            "",
            "curl",
            "-sS",
            "--cacert",
            development.files().certificateChain().toString(),
            "https://127.0.0.1:" + dev.port() + "/");

    assertThat(curl.output()).isEqualTo("ok\n");
  }

  @Test
  void plain_http_to_the_tls_port_gets_a_readable_400() throws Exception {
    Run curl = run("", "curl", "-sS", "-w", "%{http_code}", "http://127.0.0.1:" + dev.port() + "/");

    assertThat(curl.output()).isEqualTo("The plain HTTP request was sent to HTTPS port.\n400");
  }

  @Test
  void the_jdk_http_client_fetches_over_https() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(InMemoryTls.clientTrusting(development.material().leaf()))
            .build();

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + dev.port() + "/")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(response.body()).isEqualTo("ok\n");
  }

  @Test
  void openssl_negotiates_tls_1_3_and_http_1_1() throws Exception {
    Run run =
        sClient(
            rsa.port(),
            "-alpn",
            "h2,http/1.1",
            "-CAfile",
            rsaCert.toString(),
            "-verify_return_error");

    assertThat(run.output())
        .contains("TLSv1.3", "ALPN protocol: http/1.1", "Verify return code: 0 (ok)");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ECDHE-RSA-AES128-SHA256", // CBC
        "ECDHE-RSA-AES128-SHA", // CBC, SHA-1
        "AES128-GCM-SHA256", // static RSA key exchange: no forward secrecy
        "DHE-RSA-AES128-GCM-SHA256" // finite-field DHE
      })
  void tls_1_2_suites_below_the_floor_are_refused(String suite) throws Exception {
    Run run = sClient(rsa.port(), "-tls1_2", "-cipher", suite + ":@SECLEVEL=0");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("handshake failure");
  }

  @Test
  void tls_1_2_with_a_good_suite_is_served() throws Exception {
    Run run = sClient(rsa.port(), "-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305");

    assertThat(run.output())
        .contains("Protocol  : TLSv1.2", "Cipher    : ECDHE-RSA-CHACHA20-POLY1305");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-tls1_1", "-tls1"})
  void tls_1_1_and_1_0_are_refused(String version) throws Exception {
    Run run = sClient(rsa.port(), version, "-cipher", "DEFAULT:@SECLEVEL=0");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).containsAnyOf("alert protocol version", "unsupported protocol");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-tls1_3", "-tls1_2"})
  void openssl_resumes_a_saved_session(String version) throws Exception {
    Path session = dir.resolve("session" + version);
    String request = "GET / HTTP/1.1\nHost: localhost\n\n";
    List<String> common =
        List.of(
            "openssl",
            "s_client",
            "-connect",
            "127.0.0.1:" + rsa.port(),
            "-servername",
            "localhost",
            "-crlf",
            "-ign_eof",
            version);

    List<String> first = new ArrayList<>(common);
    first.addAll(List.of("-sess_out", session.toString()));
    Run full = run(request, first.toArray(String[]::new));
    List<String> second = new ArrayList<>(common);
    second.addAll(List.of("-sess_in", session.toString()));
    Run resumed = run(request, second.toArray(String[]::new));

    assertThat(Files.exists(session)).isTrue();
    assertThat(full.output()).contains("New, TLSv1.");
    assertThat(resumed.output()).contains("Reused, TLSv1.").contains("ok");
  }
}
