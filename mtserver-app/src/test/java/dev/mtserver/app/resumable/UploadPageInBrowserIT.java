package dev.mtserver.app.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The starter site's upload page in headless Chromium sends a file above its threshold through
 * tus-js-client (served from {@code /vendor/}): with the server stopped after the page loaded, the
 * page shows that it is resuming; once the server is back on the same port and directories, the
 * upload finishes by itself and the file is byte-exact in {@code /downloads/}. Debian's {@code
 * chromium} and {@code chromium-driver}, as {@code StarterSiteInBrowserIT} uses them.
 */
class UploadPageInBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void a_large_file_goes_by_tus_shows_resuming_while_the_server_is_away_and_arrives_whole()
      throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI must run the browser tests: install chromium, chromium-driver");
    }
    assumeThat(present).as("chromium and chromedriver in /usr/bin").isTrue();

    Path file = dir.resolve("big photo.bin");
    byte[] content = new byte[(2 << 20) + 12345];
    new Random(43).nextBytes(content);
    Files.write(file, content);

    ServerSettings settings = ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data"));
    MtServer server = MtServer.start(settings);
    int port = server.address().getPort();
    WebDriver browser = startBrowser();
    try {
      WebDriverWait wait = new WebDriverWait(browser, WAIT);
      browser.get(server.url().resolve("/upload.html").toString());
      WebElement input =
          wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file-input")));
      server.shutdown(); // the connection will drop: the page must say it is resuming

      input.sendKeys(file.toAbsolutePath().toString());
      browser.findElement(By.id("upload-button")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "resuming"));

      server = MtServer.start(settings.toBuilder().transport(t -> t.port(port)).build());
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("upload-status"), "Stored 1 file"));
      assertThat(browser.findElement(By.cssSelector("#stored-files tbody a")).getText())
          .isEqualTo("big photo.bin");
    } finally {
      browser.quit();
      server.shutdown();
    }
    assertThat(dir.resolve("public/downloads/big photo.bin")).hasBinaryContent(content);
    try (Stream<Path> records = Files.list(dir.resolve("data/resumable"))) {
      assertThat(records.map(p -> p.getFileName().toString()))
          .as("it went by tus: the upload's record is kept until it expires")
          .anyMatch(name -> name.endsWith(".info"));
    }
  }

  private WebDriver startBrowser() throws IOException {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile()) // Selenium Manager is never run
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")));
    return new ChromeDriver(service, options);
  }
}
