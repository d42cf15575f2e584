package dev.mtserver.transport.tls;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixtures made the way operators make them: keys and certificates written by the real {@code
 * openssl} command in a test's temporary directory, never committed.
 */
final class OpenSsl {

  /** Key formats as {@code openssl} and certbot write them. */
  enum KeyFormat {
    /** {@code BEGIN RSA PRIVATE KEY}. */
    RSA_PKCS1("genrsa", "-traditional", "2048"),
    /** {@code BEGIN PRIVATE KEY} holding an RSA key (certbot before 2.0). */
    RSA_PKCS8("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"),
    /** {@code BEGIN EC PARAMETERS} then {@code BEGIN EC PRIVATE KEY}. */
    EC_SEC1("ecparam", "-name", "prime256v1", "-genkey"),
    /** {@code BEGIN PRIVATE KEY} holding an EC key (certbot 2.x's default). */
    EC_PKCS8("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"),
    /** {@code BEGIN PRIVATE KEY} holding an Ed25519 key. */
    ED25519_PKCS8("genpkey", "-algorithm", "ED25519");

    private final ImmutableList<String> command;

    KeyFormat(String... command) {
      this.command = ImmutableList.copyOf(command);
    }
  }

  private OpenSsl() {}

  static String run(Path workingDirectory, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("openssl timed out: " + command);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "openssl failed (" + process.exitValue() + "): " + command + "\n" + output);
    }
    return output;
  }

  /** Writes a private key in {@code format} to {@code key}. */
  static Path key(Path key, KeyFormat format) throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(format.command);
    if (format == KeyFormat.RSA_PKCS1) {
      // genrsa takes the output before the bit count
      arguments.add(arguments.size() - 1, "-out");
      arguments.add(arguments.size() - 1, key.toString());
    } else {
      arguments.add("-out");
      arguments.add(key.toString());
    }
    run(key.getParent(), arguments.toArray(String[]::new));
    return key;
  }

  /** A self-signed certificate for {@code key}, naming {@code localhost} and 127.0.0.1. */
  static Path selfSigned(Path key, Path certificate, String commonName)
      throws IOException, InterruptedException {
    run(
        key.getParent(),
        "req",
        "-x509",
        "-new",
        "-key",
        key.toString(),
        "-subj",
        "/CN=" + commonName,
        "-days",
        "30",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-out",
        certificate.toString());
    return certificate;
  }

  /** A certificate for {@code key} issued by {@code caCertificate}/{@code caKey}. */
  static Path issued(Path key, Path certificate, String commonName, Path caCertificate, Path caKey)
      throws IOException, InterruptedException {
    Path dir = key.getParent();
    Path request = dir.resolve(certificate.getFileName() + ".csr");
    Path extensions = dir.resolve(certificate.getFileName() + ".ext");
    java.nio.file.Files.writeString(extensions, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    run(
        dir,
        "req",
        "-new",
        "-key",
        key.toString(),
        "-subj",
        "/CN=" + commonName,
        "-out",
        request.toString());
    run(
        dir,
        "x509",
        "-req",
        "-in",
        request.toString(),
        "-CA",
        caCertificate.toString(),
        "-CAkey",
        caKey.toString(),
        "-CAcreateserial",
        "-days",
        "30",
        "-extfile",
        extensions.toString(),
        "-out",
        certificate.toString());
    return certificate;
  }

  /** A PKCS#12 keystore holding {@code key} and {@code chain}, protected by {@code password}. */
  static Path pkcs12(Path key, Path chain, Path keystore, String password)
      throws IOException, InterruptedException {
    run(
        key.getParent(),
        "pkcs12",
        "-export",
        "-inkey",
        key.toString(),
        "-in",
        chain.toString(),
        "-passout",
        "pass:" + password,
        "-out",
        keystore.toString());
    return keystore;
  }

  /** The SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it. */
  static String fingerprint(Path certificate) throws IOException, InterruptedException {
    String output =
        run(
            certificate.getParent(),
            "x509",
            "-in",
            certificate.toString(),
            "-noout",
            "-fingerprint",
            "-sha256");
    return output.substring(output.indexOf('=') + 1).strip();
  }
}
