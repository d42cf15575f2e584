package dev.mtserver.app.https;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.HttpsSettings;
import dev.mtserver.app.HttpsSettings.KeySource;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.Eventually;
import dev.mtserver.transport.socket.ThreadMode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTPS end to end (issue 16, ADR 0039): the real server with PEM files made by {@code openssl},
 * met by the JDK's HttpClient, curl and {@code openssl s_client}, on platform and virtual threads.
 */
class HttpsIT {

  private static final int MIB = 1 << 20;

  @TempDir Path dir;
  private Path cert;
  private Path key;
  private byte[] file;

  @BeforeEach
  void fixtures() throws Exception {
    cert = dir.resolve("cert.pem");
    key = dir.resolve("key.pem");
    TestCertificates.make(cert, key);
    file = new byte[MIB];
    new Random(16).nextBytes(file);
    Files.createDirectories(dir.resolve("public"));
    Files.write(dir.resolve("public/big.bin"), file);
    Files.writeString(dir.resolve("public/index.html"), "<p>hello</p>\n");
  }

  private ServerSettings.Builder settings() {
    return ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")).toBuilder()
        .https(HttpsSettings.with(new KeySource.PemFiles(cert, key)));
  }

  private HttpClient client() throws Exception {
    return HttpClient.newBuilder()
        .sslContext(TestCertificates.trusting(cert))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_1_mib_file_arrives_intact_over_https_to_the_jdk_client_and_curl(ThreadMode threads)
      throws Exception {
    try (MtServer server =
        MtServer.start(settings().transport(t -> t.threadMode(threads)).build())) {
      assertThat(server.url().getScheme()).isEqualTo("https");
      HttpClient client = client();
      HttpResponse<byte[]> big =
          client.send(
              HttpRequest.newBuilder(server.url().resolve("/big.bin")).build(),
              BodyHandlers.ofByteArray());
      assertThat(big.statusCode()).isEqualTo(200);
      assertThat(big.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(big.body()).isEqualTo(file);
      HttpResponse<String> page =
          client.send(
              HttpRequest.newBuilder(server.url().resolve("/")).build(), BodyHandlers.ofString());
      assertThat(page.body()).isEqualTo("<p>hello</p>\n");

      Path downloaded = dir.resolve("curl.bin");
      var curl =
          TestCertificates.run(
              dir,
              "curl",
              "-sS",
              "--cacert",
              cert.toString(),
              "-o",
              downloaded.toString(),
              "-w",
              "%{http_code} %{http_version}",
              server.url().resolve("/big.bin").toString());
      assertThat(curl.exit()).as(curl.output()).isZero();
      assertThat(curl.output()).isEqualTo("200 1.1");
      assertThat(Files.readAllBytes(downloaded)).isEqualTo(file);

      String metrics =
          client
              .send(
                  HttpRequest.newBuilder(server.url().resolve("/metrics")).build(),
                  BodyHandlers.ofString())
              .body();
      assertThat(sample(metrics, "mtserver_tls_handshakes_total")).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void openssl_s_client_speaks_tls_1_3_and_1_2_only_and_plain_http_gets_400() throws Exception {
    try (MtServer server = MtServer.start(settings().build())) {
      int port = server.address().getPort();
      String request = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
      for (String version : new String[] {"-tls1_3", "-tls1_2"}) {
        var result =
            TestCertificates.sClient(
                dir,
                port,
                request,
                version,
                "-CAfile",
                cert.toString(),
                "-ign_eof",
                "-alpn",
                "http/1.1");
        assertThat(result.output()).as(version).contains("Verify return code: 0 (ok)");
        assertThat(result.output()).contains("ALPN protocol: http/1.1");
        assertThat(result.output()).contains("HTTP/1.1 200 OK").contains("<p>hello</p>");
      }
      var old =
          TestCertificates.sClient(
              dir, port, request, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0", "-ign_eof");
      assertThat(old.output()).doesNotContain("HTTP/1.1 200");
      assertThat(old.exit()).isNotZero();

      String plain = exchange(server.address(), request);
      assertThat(plain)
          .startsWith("HTTP/1.1 400 Bad Request\r\n")
          .contains("Connection: close")
          .endsWith("The plain HTTP request was sent to HTTPS port.\n");
      String metrics = metrics(server);
      assertThat(sample(metrics, "mtserver_tls_handshake_failures_total{reason=\"plain_http\"}"))
          .isEqualTo(1);
      assertThat(
              sample(
                  metrics,
                  "mtserver_tls_handshake_failures_total{reason=\"no_common_parameters\"}"))
          .isGreaterThanOrEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(ThreadMode.class)
  void a_stalled_handshake_is_cut_off_at_the_head_deadline_and_frees_its_worker(ThreadMode threads)
      throws Exception {
    ServerSettings settings =
        settings()
            .transport(t -> t.threadMode(threads).headerTimeout(Duration.ofMillis(700)))
            .build();
    try (MtServer server = MtServer.start(settings);
        Socket silent = new Socket();
        Socket halfHello = new Socket()) {
      silent.connect(server.address(), 5000);
      halfHello.connect(server.address(), 5000);
      halfHello.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00}); // a record begins
      silent.setSoTimeout(5000);
      halfHello.setSoTimeout(5000);
      long started = System.nanoTime();
      assertThat(readToEnd(silent.getInputStream())).isEmpty();
      assertThat(readToEnd(halfHello.getInputStream())).isEmpty();
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(tookMillis).as("closed at the head deadline, not later").isLessThan(3000);
      assertThat(
              Eventually.within(
                  Duration.ofSeconds(3), () -> server.stats().activeConnections() == 0))
          .as("no worker held past the deadline")
          .isTrue();
      assertThat(server.stats().headerTimeouts()).isEqualTo(2);
      assertThat(
              sample(metrics(server), "mtserver_tls_handshake_failures_total{reason=\"timeout\"}"))
          .isEqualTo(2);
    }
  }

  @Test
  void a_renewed_certificate_is_served_to_new_handshakes_while_open_connections_go_on()
      throws Exception {
    try (MtServer server = MtServer.start(settings().build())) {
      Path renewedCert = dir.resolve("renewed-cert.pem");
      Path renewedKey = dir.resolve("renewed-key.pem");
      TestCertificates.make(renewedCert, renewedKey);
      SSLContext both = TestCertificates.trusting(cert, renewedCert);
      try (SSLSocket before = open(both, server)) {
        String first = fingerprint(before);
        assertThat(request(before, "/", false)).contains("200 OK");

        Files.copy(renewedKey, key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewedCert, cert, StandardCopyOption.REPLACE_EXISTING);
        server.tls().orElseThrow().reloadNow();

        assertThat(request(before, "/", true)).as("the open connection goes on").contains("200 OK");
        // a fresh client context: no session to resume, and it trusts the renewed certificate only
        try (SSLSocket after = open(TestCertificates.trusting(renewedCert), server)) {
          assertThat(fingerprint(after)).isNotEqualTo(first).isEqualTo(fingerprintOf(renewedCert));
          assertThat(request(after, "/", true)).contains("200 OK");
        }
      }
    }
  }

  @Test
  void redirect_listener_answers_308_to_https_and_hsts_comes_on_every_https_response_only()
      throws Exception {
    ServerSettings settings =
        settings()
            .https(
                HttpsSettings.with(new KeySource.PemFiles(cert, key))
                    .withRedirectHttpPort(0)
                    .withHsts(Duration.ofDays(365)))
            .build();
    try (MtServer server = MtServer.start(settings)) {
      InetSocketAddress plain = server.redirectAddress().orElseThrow();
      String redirect =
          exchange(
              plain,
              "POST /form.html?x=1 HTTP/1.1\r\nHost: localhost:"
                  + plain.getPort()
                  + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\na=b");
      assertThat(redirect)
          .startsWith("HTTP/1.1 308 ")
          .contains(
              "Location: https://localhost:" + server.address().getPort() + "/form.html?x=1\r\n")
          .doesNotContainIgnoringCase("strict-transport-security");
      HttpResponse<String> secure =
          client()
              .send(
                  HttpRequest.newBuilder(server.url().resolve("/")).build(),
                  BodyHandlers.ofString());
      assertThat(secure.headers().firstValue("Strict-Transport-Security"))
          .hasValue("max-age=31536000");
      // not only the site's pages: the operator endpoints and the engine's own errors too
      SSLContext trusting = TestCertificates.trusting(cert);
      try (SSLSocket socket = open(trusting, server)) {
        assertThat(request(socket, "/healthz", true))
            .startsWith("HTTP/1.1 200 ")
            .contains("Strict-Transport-Security: max-age=31536000\r\n");
      }
      try (SSLSocket socket = open(trusting, server)) {
        socket
            .getOutputStream()
            .write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(readToEnd(socket.getInputStream()), StandardCharsets.ISO_8859_1))
            .startsWith("HTTP/1.1 400 ") // no Host: refused by the engine, before any handler
            .contains("Strict-Transport-Security: max-age=31536000\r\n");
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static SSLSocket open(SSLContext context, MtServer server) throws Exception {
    SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket("127.0.0.1", server.address().getPort());
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  private static String fingerprint(SSLSocket socket) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256")
                .digest(socket.getSession().getPeerCertificates()[0].getEncoded()));
  }

  private static String fingerprintOf(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(
                      java.security.cert.CertificateFactory.getInstance("X.509")
                          .generateCertificate(in)
                          .getEncoded()));
    }
  }

  /** One request on an open TLS connection; reads the head and its Content-Length body. */
  private static String request(SSLSocket socket, String path, boolean close) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: localhost\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length: ");
    if (at >= 0) {
      int length = Integer.parseInt(text.substring(at + 16, text.indexOf("\r\n", at)).strip());
      in.readNBytes(length);
    }
    return text;
  }

  private static String exchange(InetSocketAddress address, String request) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(address, 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(readToEnd(socket.getInputStream()), StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] readToEnd(InputStream in) throws Exception {
    try {
      return in.readAllBytes();
    } catch (java.net.SocketException reset) {
      return new byte[0]; // a reset is a close too
    }
  }

  private String metrics(MtServer server) throws Exception {
    return client()
        .send(
            HttpRequest.newBuilder(server.url().resolve("/metrics")).build(),
            BodyHandlers.ofString())
        .body();
  }

  private static long sample(String page, String name) {
    for (String line : page.split("\n", -1)) {
      if (line.startsWith(name + " ")) {
        return Long.parseLong(line.substring(name.length() + 1).strip());
      }
    }
    throw new AssertionError("no sample " + name + " in\n" + page);
  }
}
