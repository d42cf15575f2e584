package dev.mtserver.app.https;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made as operators make them, by the real {@code openssl}, in a test's directory; and
 * a client {@link SSLContext} that trusts exactly them.
 */
public final class TestCertificates {

  private TestCertificates() {}

  /** A self-signed EC certificate for localhost and 127.0.0.1, and its PEM key. */
  static void make(Path certificate, Path key) throws IOException, InterruptedException {
    run(
        certificate.getParent(),
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        certificate.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1");
  }

  /** A client context trusting these PEM certificates only. */
  public static SSLContext trusting(Path... certificates) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (int i = 0; i < certificates.length; i++) {
      try (InputStream in = Files.newInputStream(certificates[i])) {
        trust.setCertificateEntry("test-" + i, (X509Certificate) factory.generateCertificate(in));
      }
    }
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }

  /** Runs a command; returns its exit code and its merged output. */
  static Result run(Path directory, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + List.of(command));
    }
    return new Result(process.exitValue(), output);
  }

  /** {@code openssl s_client} against {@code port}, with extra arguments, sending {@code input}. */
  static Result sClient(Path directory, int port, String input, String... extra)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect"));
    command.add("127.0.0.1:" + port);
    command.addAll(List.of(extra));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("s_client timed out");
    }
    return new Result(process.exitValue(), output);
  }

  record Result(int exit, String output) {}
}
