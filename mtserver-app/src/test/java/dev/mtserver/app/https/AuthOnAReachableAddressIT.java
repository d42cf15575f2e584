package dev.mtserver.app.https;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.access.Tools;
import dev.mtserver.app.testing.RunningJar;
import dev.mtserver.transport.tls.DevelopmentCertificate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic credentials on a listener other machines can reach (issue 16, ADR 0040), through the real
 * jar as an operator starts it: with {@code --tls-self-signed} the server starts without {@code
 * --allow-insecure-auth} and takes an upload with the password over HTTPS; the same flags without
 * TLS are refused at start with one line. Together the two runs pin down the app's answer to "does
 * this listener speak TLS" ({@code ServerSettings.listenerIsTls()}) in both directions.
 */
class AuthOnAReachableAddressIT {

  private static final Duration STARTUP = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void with_tls_an_auth_file_on_every_address_starts_and_guards_uploads() throws Exception {
    Path users = dir.resolve("users");
    Tools.htpasswd(users, "ann", "s3cret");
    Path upload = Files.writeString(dir.resolve("hello.txt"), "hello over https\n");
    try (RunningJar jar =
        RunningJar.start(
            dir,
            "--port",
            "0",
            "--bind",
            "0.0.0.0",
            "--tls-self-signed",
            "--auth-file",
            users.toString())) {
      URI url = jar.awaitUrl(STARTUP);
      assertThat(url.getScheme()).isEqualTo("https");
      Path cert = dir.resolve("data/tls").resolve(DevelopmentCertificate.CERTIFICATE_FILE);
      String target = "https://127.0.0.1:" + url.getPort() + "/upload";

      Tools.CurlResult anonymous =
          Tools.curl("--cacert", cert.toString(), "-F", "file=@" + upload, target);
      assertThat(anonymous.status()).as(anonymous.out()).isEqualTo(401);
      Tools.CurlResult signedIn =
          Tools.curl(
              "--cacert", cert.toString(), "-u", "ann:s3cret", "-F", "file=@" + upload, target);
      assertThat(signedIn.status()).as(signedIn.out()).isBetween(200, 303);
      assertThat(dir.resolve("public/downloads/hello.txt")).hasSameTextualContentAs(upload);
    }
  }

  @Test
  void without_tls_the_same_flags_are_refused_at_start_with_one_line() throws Exception {
    Path users = dir.resolve("users");
    Tools.htpasswd(users, "ann", "s3cret");
    try (RunningJar jar =
        RunningJar.start(
            dir, "--port", "0", "--bind", "0.0.0.0", "--auth-file", users.toString())) {
      assertThat(jar.awaitExit(STARTUP)).isEqualTo(2);
      assertThat(jar.stderr()).hasSize(1);
      assertThat(jar.stderr().get(0)).contains("--auth-file").contains("--allow-insecure-auth");
    }
  }
}
