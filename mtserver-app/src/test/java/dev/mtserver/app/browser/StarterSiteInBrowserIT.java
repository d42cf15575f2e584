package dev.mtserver.app.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A first visit in a real browser: the home page, the form demo, and an upload of two files through
 * the upload page's file input, watched until its progress bar reaches 100 %, then downloaded again
 * byte for byte. A screenshot of the upload page is kept in {@code target/browser/}.
 *
 * <p>Debian's {@code chromium} and {@code chromium-driver} are used as installed ({@code .ci/run}
 * installs them); Selenium Manager is never consulted, so nothing is downloaded. Without them the
 * test is skipped on a developer's machine and fails in CI ({@code CI=true}).
 */
class StarterSiteInBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void a_visitor_reads_the_home_page_sends_the_form_and_uploads_two_files_that_download_byte_exact()
      throws Exception {
    requireBrowser();
    MtServer server =
        MtServer.start(ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")));
    WebDriver browser = null;
    try {
      browser = startBrowser();
      URI base = server.url();
      WebDriverWait wait = new WebDriverWait(browser, WAIT);

      browser.get(base.toString());
      assertThat(browser.getTitle()).isEqualTo("MTServer is running");
      assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("It works.");

      browser.findElement(By.linkText("Form demo")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("demo-form")));
      browser.findElement(By.name("name")).sendKeys("Ada Lovelace");
      browser.findElement(By.name("email")).sendKeys("ada@example.test");
      browser.findElement(By.name("message")).sendKeys("Hello from chromium");
      browser.findElement(By.cssSelector("#demo-form button[type=submit]")).click();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("form-status"), "Recorded"));
      assertThat(browser.findElement(By.id("recorded")).getText()).contains("Ada Lovelace");
      assertThat(Files.readString(dir.resolve("data").resolve(MtServer.SUBMISSIONS_FILE)))
          .contains("Ada Lovelace", "Hello from chromium");

      Path photo = dir.resolve("files/photo.bin");
      Path notes = dir.resolve("files/notes.txt");
      Files.createDirectories(photo.getParent());
      byte[] random = new byte[3 << 20]; // large enough for the progress bar to move
      new Random(42).nextBytes(random);
      Files.write(photo, random);
      Files.writeString(notes, "notes from the browser test\n", StandardCharsets.UTF_8);

      browser.findElement(By.linkText("Upload")).click();
      WebElement input =
          wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file-input")));
      input.sendKeys(photo.toAbsolutePath() + "\n" + notes.toAbsolutePath());
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "2 files"));
      browser.findElement(By.id("upload-button")).click();

      WebElement progress = browser.findElement(By.id("upload-progress"));
      wait.until(driver -> "100".equals(progress.getDomProperty("value")));
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("upload-status"), "Stored 2 files"));
      List<WebElement> links = browser.findElements(By.cssSelector("#stored-files tbody a"));
      assertThat(links).extracting(WebElement::getText).containsExactly("photo.bin", "notes.txt");
      screenshot(browser, "starter-site-upload.png");

      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 2; i++) {
        URI download = base.resolve(links.get(i).getDomAttribute("href"));
        var response =
            http.send(HttpRequest.newBuilder(download).build(), BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sha256(response.body()))
            .as(download.toString())
            .isEqualTo(sha256(Files.readAllBytes(i == 0 ? photo : notes)));
      }
      assertThat(dir.resolve("public/downloads/photo.bin")).hasSameBinaryContentAs(photo);

      // the uploads listing: reached from the navigation, sorted by clicks, downloaded as a zip
      browser.findElement(By.linkText("Downloads")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("listing")));
      assertThat(names(browser)).containsExactly("notes.txt", "photo.bin");
      browser.findElement(By.id("sort-size")).click(); // largest first
      wait.until(ExpectedConditions.urlContains("sort=size&order=desc"));
      assertThat(names(browser)).containsExactly("photo.bin", "notes.txt");
      browser.findElement(By.id("sort-size")).click(); // and back
      wait.until(ExpectedConditions.urlContains("sort=size&order=asc"));
      assertThat(names(browser)).containsExactly("notes.txt", "photo.bin");
      screenshot(browser, "uploads-listing.png");
      URI zip =
          URI.create(browser.getCurrentUrl())
              .resolve(browser.findElement(By.id("archive-zip")).getDomAttribute("href"));
      assertThat(zip.getPath()).isEqualTo("/downloads/");
      var archive = http.send(HttpRequest.newBuilder(zip).build(), BodyHandlers.ofByteArray());
      List<String> entries = new java.util.ArrayList<>();
      try (var in =
          new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(archive.body()))) {
        for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
          entries.add(entry.getName() + " " + sha256(in.readAllBytes()));
        }
      }
      assertThat(entries)
          .containsExactly(
              "downloads/notes.txt " + sha256(Files.readAllBytes(notes)),
              "downloads/photo.bin " + sha256(random));
    } finally {
      if (browser != null) {
        browser.quit();
      }
      server.shutdown();
    }
  }

  /** The names in the listing, in the order shown, without the parent link. */
  private static List<String> names(WebDriver browser) {
    return browser.findElements(By.cssSelector("#listing tbody td.name a")).stream()
        .filter(link -> !"parent".equals(link.getDomAttribute("id")))
        .map(WebElement::getText)
        .toList();
  }

  /** Skipped where there is no chromium, except in CI, where it must run. */
  private static void requireBrowser() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(
          "CI must run the browser test: install chromium and chromium-driver (.ci/run does)");
    }
    assumeThat(present).as("chromium and chromedriver in /usr/bin").isTrue();
  }

  private WebDriver startBrowser() throws IOException {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                CHROMEDRIVER.toFile()) // a given driver: Selenium Manager is never run
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
        "--window-size=1280,1000",
        "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")));
    return new ChromeDriver(service, options);
  }

  private static void screenshot(WebDriver browser, String name) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Files.createDirectories(Path.of("target", "browser")).resolve(name);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
