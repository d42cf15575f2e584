package dev.mtserver.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A first visit in a real browser: the home page and every link of its navigation, the form demo,
 * an upload of two files through the upload page's file input, watched until its progress bar
 * reaches 100 %, then downloaded again byte for byte; the uploads listing reached from the
 * navigation, sorted by clicking its column links, and downloaded as one zip by the browser itself
 * (into a download directory of the test's own) whose entries are the uploaded files. Screenshots
 * are kept in {@code target/browser/}.
 *
 * <p>The browser is Debian's, as {@link Chromium} starts it.
 */
class StarterSiteInBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void a_visitor_reads_the_home_page_sends_the_form_and_uploads_two_files_that_download_byte_exact()
      throws Exception {
    Chromium.require();
    MtServer server =
        MtServer.start(ServerSettings.forRoot(dir.resolve("public"), dir.resolve("data")));
    WebDriver browser = null;
    try {
      Path downloads = dir.resolve("browser-downloads");
      browser = Chromium.start(dir.resolve("chromium-profile"), downloads);
      URI base = server.url();
      WebDriverWait wait = new WebDriverWait(browser, WAIT);

      browser.get(base.toString());
      assertThat(browser.getTitle()).isEqualTo("MTServer is running");
      assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("It works.");
      followEveryNavigationLink(browser, wait, base);
      browser.get(base.toString());

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
      Chromium.screenshot(browser, "starter-site-upload.png");

      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 2; i++) {
        URI download = base.resolve(links.get(i).getDomAttribute("href"));
        var response =
            http.send(HttpRequest.newBuilder(download).build(), BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Chromium.sha256(response.body()))
            .as(download.toString())
            .isEqualTo(Chromium.sha256(Files.readAllBytes(i == 0 ? photo : notes)));
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
      Chromium.screenshot(browser, "uploads-listing.png");
      // the browser itself downloads the zip into its download directory, as a user's click would
      browser.findElement(By.id("archive-zip")).click();
      Path zip = downloads.resolve("downloads.zip");
      wait.until(driver -> Files.isRegularFile(zip) && !Files.exists(Chromium.partial(zip)));
      List<String> entries = new ArrayList<>();
      try (var in = new ZipInputStream(Files.newInputStream(zip))) {
        for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
          entries.add(entry.getName() + " " + Chromium.sha256(in.readAllBytes()));
        }
      }
      assertThat(entries)
          .containsExactly(
              "downloads/notes.txt " + Chromium.sha256(Files.readAllBytes(notes)),
              "downloads/photo.bin " + Chromium.sha256(random));
    } finally {
      if (browser != null) {
        browser.quit();
      }
      server.shutdown();
    }
  }

  /**
   * Clicks each link of the home page's navigation in turn, as a visitor would, and checks that the
   * page it leads to loaded with a 2xx status (the browser's own record of the navigation: {@code
   * PerformanceNavigationTiming.responseStatus}) and has the way home.
   */
  private static void followEveryNavigationLink(WebDriver browser, WebDriverWait wait, URI base) {
    List<String> targets =
        browser.findElements(By.cssSelector("header nav a")).stream()
            .map(link -> link.getDomAttribute("href"))
            .toList();
    assertThat(targets).contains("/", "/form.html", "/upload.html", "/downloads/");
    for (String target : targets) {
      browser.get(base.toString());
      browser.findElement(By.cssSelector("header nav a[href='" + target + "']")).click();
      wait.until(ExpectedConditions.urlToBe(base.resolve(target).toString()));
      Object status =
          ((JavascriptExecutor) browser)
              .executeScript(
                  "return performance.getEntriesByType('navigation')[0].responseStatus;");
      assertThat(((Number) status).intValue()).as(target).isBetween(200, 299);
      assertThat(browser.findElements(By.cssSelector("header a[href='/']")))
          .as(target)
          .isNotEmpty();
    }
  }

  /** The names in the listing, in the order shown, without the parent link. */
  private static List<String> names(WebDriver browser) {
    return browser.findElements(By.cssSelector("#listing tbody td.name a")).stream()
        .filter(link -> !"parent".equals(link.getDomAttribute("id")))
        .map(WebElement::getText)
        .toList();
  }
}
