package dev.mtserver.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.AccessSettings;
import dev.mtserver.app.HttpsSettings;
import dev.mtserver.app.HttpsSettings.KeySource;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.access.Tools;
import dev.mtserver.app.https.TestCertificates;
import dev.mtserver.domain.access.AccessScope;
import dev.mtserver.transport.tls.DevelopmentCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The upload page in headless Chromium over HTTPS with {@code --tls-self-signed} (issue 16's
 * browser check), one browser session for two servers:
 *
 * <ul>
 *   <li>TLS alone: a multipart upload through the page is stored and downloads byte-exact;
 *   <li>TLS with {@code --auth-file} (a real {@code htpasswd -B} entry): the upload's 401 and its
 *       {@code WWW-Authenticate} challenge reach Chromium's own authentication, which the test
 *       answers as a visitor answers the browser's prompt, through the DevTools protocol ({@code
 *       Fetch.authRequired}, Selenium's {@code HasAuthentication}): cancelled, the page shows its
 *       clear message and nothing is stored;
 *   <li>TLS with {@code --auth-file} and {@code --auth-scope all}: the page itself is guarded, the
 *       visitor signs in when the browser asks, and the upload through the page (the browser
 *       sending the credentials it was given) is stored and downloads byte-exact.
 * </ul>
 *
 * <p>The browser trusts each server's development certificate the way a developer would: by pinning
 * its public key ({@code --ignore-certificate-errors-spki-list}, the SHA-256 of the certificate's
 * SubjectPublicKeyInfo read from {@code DATA/tls/}). That pin only matches the key that file holds,
 * so the page loading at all proves the server serves the certificate it wrote.
 */
class UploadPageOverHttpsInBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String REFUSED = "Upload refused: this server takes uploads only from its";

  @TempDir Path dir;

  @Test
  void the_upload_page_works_over_https_with_a_self_signed_certificate_and_with_a_password()
      throws Exception {
    Chromium.require();
    Path users = dir.resolve("users");
    Tools.htpasswd(users, "ann", "s3cret");
    try (MtServer plain = MtServer.start(settings("open").build());
        MtServer guarded =
            MtServer.start(
                settings("guarded").access(AccessSettings.defaults().withAuthFile(users)).build());
        MtServer membersOnly =
            MtServer.start(
                settings("members")
                    .access(
                        AccessSettings.defaults().withAuthFile(users).withScope(AccessScope.ALL))
                    .build())) {
      Path openCert = certificate("open");
      Path guardedCert = certificate("guarded");
      Path membersCert = certificate("members");
      ChromeDriver browser =
          Chromium.start(
              dir.resolve("chromium-profile"),
              dir.resolve("browser-downloads"),
              "--ignore-certificate-errors-spki-list="
                  + spkiPin(openCert)
                  + ","
                  + spkiPin(guardedCert)
                  + ","
                  + spkiPin(membersCert));
      try {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        HttpClient https =
            HttpClient.newBuilder()
                .sslContext(TestCertificates.trusting(openCert, guardedCert, membersCert))
                .build();

        // TLS alone: upload and download byte-exact
        Path photo = file("photo.bin", 300_000, 1);
        URI open = plain.url();
        assertThat(open.getScheme()).isEqualTo("https");
        browser.get(open.resolve("/upload.html").toString());
        List<WebElement> stored = upload(browser, wait, photo, "Stored 1 file");
        Chromium.screenshot(browser, "upload-over-https.png");
        assertThat(stored).extracting(WebElement::getText).containsExactly("photo.bin");
        URI download = open.resolve(stored.get(0).getDomAttribute("href"));
        var response =
            https.send(HttpRequest.newBuilder(download).build(), BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Chromium.sha256(response.body()))
            .isEqualTo(Chromium.sha256(Files.readAllBytes(photo)));

        // with --auth-file: the 401's challenge reaches the browser's own authentication (through
        // the DevTools protocol, Fetch.authRequired); first the visitor cancels it, and the page
        // says why nothing was stored
        browser.register(uri -> false, UsernameAndPassword.of("nobody", "none"));
        Path notes = file("notes.bin", 50_000, 2);
        URI guardedUrl = guarded.url();
        browser.get(guardedUrl.resolve("/upload.html").toString());
        upload(browser, wait, notes, REFUSED);
        Chromium.screenshot(browser, "upload-refused-401.png");
        assertThat(browser.findElement(By.id("upload-status")).getText())
            .contains("Nothing was stored");
        assertThat(dir.resolve("guarded/public/downloads/notes.bin")).doesNotExist();

        // with --auth-scope all the page itself asks for the password: the visitor signs in when
        // the browser asks, and the browser keeps sending the credentials, with the upload too
        URI membersUrl = membersOnly.url();
        browser.register(
            uri -> uri.getPort() == membersUrl.getPort(), UsernameAndPassword.of("ann", "s3cret"));
        browser.get(membersUrl.resolve("/upload.html").toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file-input")));
        // Selenium's interception resends a paused request with the body DevTools reports, which
        // leaves out file contents: it is switched off before the upload, the browser's
        // credentials stay
        browser.getDevTools().getDomains().network().disable();
        List<WebElement> membersStored = upload(browser, wait, notes, "Stored 1 file");
        assertThat(membersStored).extracting(WebElement::getText).containsExactly("notes.bin");
        assertThat(dir.resolve("members/public/downloads/notes.bin")).hasSameBinaryContentAs(notes);
        var membersDownload =
            https.send(
                HttpRequest.newBuilder(membersUrl.resolve("/downloads/notes.bin"))
                    .header(
                        "Authorization",
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString("ann:s3cret".getBytes(StandardCharsets.UTF_8)))
                    .build(),
                BodyHandlers.ofByteArray());
        assertThat(membersDownload.statusCode()).isEqualTo(200);
        assertThat(membersDownload.body()).isEqualTo(Files.readAllBytes(notes));
      } finally {
        browser.quit();
      }
    }
  }

  private ServerSettings.Builder settings(String name) throws IOException {
    Path site = Files.createDirectories(dir.resolve(name));
    return ServerSettings.forRoot(site.resolve("public"), site.resolve("data")).toBuilder()
        .https(HttpsSettings.with(new KeySource.SelfSigned()));
  }

  /** The development certificate the server named {@code name} wrote into its data directory. */
  private Path certificate(String name) {
    Path pem =
        dir.resolve(name).resolve("data/tls").resolve(DevelopmentCertificate.CERTIFICATE_FILE);
    assertThat(pem).isRegularFile();
    return pem;
  }

  /** Chromium's pin of a certificate: base64 of the SHA-256 of its SubjectPublicKeyInfo. */
  private static String spkiPin(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] spki = certificate.getPublicKey().getEncoded();
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    }
  }

  /** A file of random bytes, below the page's 1 MiB threshold for tus: a multipart upload. */
  private Path file(String name, int size, long seed) throws Exception {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    Path file = Files.createDirectories(dir.resolve("files")).resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** Chooses {@code file} in the page's input, presses Upload, and waits for {@code outcome}. */
  private static List<WebElement> upload(
      WebDriver browser, WebDriverWait wait, Path file, String outcome) {
    WebElement input = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file-input")));
    input.sendKeys(file.toAbsolutePath().toString());
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "1 file"));
    browser.findElement(By.id("upload-button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), outcome));
    return browser.findElements(By.cssSelector("#stored-files tbody a"));
  }
}
