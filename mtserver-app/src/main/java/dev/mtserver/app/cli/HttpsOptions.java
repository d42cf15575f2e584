package dev.mtserver.app.cli;

import dev.mtserver.app.HttpsSettings;
import dev.mtserver.app.HttpsSettings.KeySource;
import dev.mtserver.transport.tls.Pkcs12File;
import dev.mtserver.transport.tls.TlsMaterialException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The HTTPS flags (issue 16, ADR 0039): where the certificate and key come from, the plain listener
 * that redirects to HTTPS, and HSTS. Kept apart from the serving flags, as {@link
 * OperationsOptions} is.
 */
final class HttpsOptions {

  /**
   * The keystore's password may come from this variable rather than a file; never from a flag,
   * which every user of the machine can read in {@code ps}.
   */
  static final String KEYSTORE_PASSWORD_ENV = "MTSERVER_TLS_KEYSTORE_PASSWORD";

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = {
        "Serve HTTPS with this PEM certificate chain (leaf first, as certbot's fullchain.pem);"
            + " needs --tls-key. Reloaded when the file changes.",
        "Default: none (plain HTTP)"
      })
  Path cert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = {
        "The PEM private key of --tls-cert (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted).",
        "Default: none"
      })
  Path key;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description = {
        "Serve HTTPS with the one key and chain of this PKCS#12 file; its password from"
            + " --tls-keystore-password-file or "
            + KEYSTORE_PASSWORD_ENV
            + ".",
        "Default: none"
      })
  Path keystore;

  @Option(
      names = "--tls-keystore-password-file",
      paramLabel = "FILE",
      description = {"A file whose first line is the password of --tls-keystore.", "Default: none"})
  Path keystorePasswordFile;

  @Option(
      names = "--tls-self-signed",
      description = {
        "Serve HTTPS with a development certificate for localhost, 127.0.0.1, ::1 and the bind"
            + " address, made once and kept in DATA/tls/. Browsers warn: not for production.",
        "Default: off"
      })
  boolean selfSigned;

  @Option(
      names = "--redirect-http",
      paramLabel = "PORT",
      description = {
        "Also listen for plain HTTP on PORT and answer every request with 308 to the same path"
            + " over HTTPS (nothing else is served there). Needs TLS.",
        "Default: off"
      })
  Integer redirectHttp;

  @Option(
      names = "--hsts",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = {
        "Send Strict-Transport-Security: max-age=DURATION on HTTPS responses, such as 365d"
            + " (browsers then refuse plain HTTP to this host for that long). Needs TLS.",
        "Default: off"
      })
  Duration hsts;

  /** The settings these flags describe, or a usage error naming the flag at fault. */
  HttpsSettings settings(CommandLine command, Map<String, String> environment) {
    int sources = (cert != null || key != null ? 1 : 0) + (keystore != null ? 1 : 0);
    sources += selfSigned ? 1 : 0;
    if (sources > 1) {
      throw new ParameterException(
          command,
          "Invalid value for option '--tls-self-signed': use one of --tls-cert/--tls-key,"
              + " --tls-keystore or --tls-self-signed");
    }
    if ((cert == null) != (key == null)) {
      throw new ParameterException(
          command,
          cert == null
              ? "Invalid value for option '--tls-key': needs --tls-cert"
              : "Invalid value for option '--tls-cert': needs --tls-key");
    }
    if (keystorePasswordFile != null && keystore == null) {
      throw new ParameterException(
          command, "Invalid value for option '--tls-keystore-password-file': needs --tls-keystore");
    }
    HttpsSettings settings =
        cert != null
            ? HttpsSettings.with(new KeySource.PemFiles(cert, key))
            : keystore != null
                ? HttpsSettings.with(
                    new KeySource.Keystore(keystore, password(command, environment)))
                : selfSigned ? HttpsSettings.with(new KeySource.SelfSigned()) : HttpsSettings.off();
    if (redirectHttp != null) {
      if (!settings.enabled()) {
        throw new ParameterException(
            command,
            "Invalid value for option '--redirect-http': needs TLS (--tls-cert and --tls-key,"
                + " --tls-keystore or --tls-self-signed)");
      }
      if (redirectHttp < 1 || redirectHttp > 65535) {
        throw new ParameterException(
            command,
            "Invalid value for option '--redirect-http': " + redirectHttp + " is not in 1..65535");
      }
      settings = settings.withRedirectHttpPort(redirectHttp);
    }
    if (hsts != null) {
      if (!settings.enabled()) {
        throw new ParameterException(
            command, "Invalid value for option '--hsts': needs TLS (HSTS is ignored over HTTP)");
      }
      if (hsts.isNegative()) {
        throw new ParameterException(command, "Invalid value for option '--hsts': is negative");
      }
      settings = settings.withHsts(hsts);
    }
    return settings;
  }

  private char[] password(CommandLine command, Map<String, String> environment) {
    if (keystorePasswordFile != null) {
      try {
        return Pkcs12File.readPassword(keystorePasswordFile);
      } catch (TlsMaterialException e) {
        throw new ParameterException(
            command, "Invalid value for option '--tls-keystore-password-file': " + e.getMessage());
      }
    }
    String fromEnvironment = environment.get(KEYSTORE_PASSWORD_ENV);
    if (fromEnvironment == null) {
      throw new ParameterException(
          command,
          "Invalid value for option '--tls-keystore': its password is missing: give"
              + " --tls-keystore-password-file FILE or set "
              + KEYSTORE_PASSWORD_ENV);
    }
    return fromEnvironment.toCharArray();
  }
}
