package dev.mtserver.app.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.mtserver.app.testing.RunningJar;
import dev.mtserver.app.upload.SubmissionLines;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The starter site's upload page in headless Chromium sends a file above its threshold through
 * tus-js-client (served from {@code /vendor/}), its upload slowed by the DevTools protocol ({@code
 * Network.emulateNetworkConditions}) so the test can SIGKILL the real jar while the progress bar is
 * in the middle of the file (the partial on disk past the page's first 8 MiB chunk). The page says
 * it is resuming; once the server is back on the same port and directories, the upload goes on from
 * the offset the server kept, not from zero, and finishes by itself; the file is byte-exact in
 * {@code /downloads/}, and the optional note typed into the form is recorded with the stored name,
 * as the multipart form records it. Debian's {@code chromium} and {@code chromium-driver}, as
 * {@code StarterSiteInBrowserIT} uses them.
 */
class UploadPageInBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int FILE_BYTES = (24 << 20) + 12345;
  private static final long KILL_AFTER_BYTES = 10L << 20; // in the page's second 8 MiB chunk
  private static final int UPLOAD_BYTES_PER_SECOND = 4 << 20;
  private static final Pattern PERCENT = Pattern.compile("^(\\d+) %");

  /** Keeps every text the page's status line shows, so the test can read its history. */
  private static final String RECORD_STATUS =
      "window.statusHistory = [];"
          + "var el = document.getElementById('upload-status');"
          + "new MutationObserver(function () { window.statusHistory.push(el.textContent); })"
          + ".observe(el, {childList: true, characterData: true, subtree: true});";

  @TempDir Path dir;

  @Test
  void
      a_large_file_goes_by_tus_resumes_mid_file_after_a_server_kill_and_arrives_whole_with_its_note()
          throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI must run the browser tests: install chromium, chromium-driver");
    }
    assumeThat(present).as("chromium and chromedriver in /usr/bin").isTrue();

    Path file = dir.resolve("big photo.bin");
    byte[] content = new byte[FILE_BYTES];
    new Random(43).nextBytes(content);
    Files.write(file, content);
    Path work = Files.createDirectories(dir.resolve("server"));
    Path resumable = work.resolve("data/resumable");

    RunningJar first = RunningJar.start(work, "--port", "0", "--root", "public", "--data", "data");
    RunningJar second = null;
    ChromeDriver browser = startBrowser();
    try {
      URI url = first.awaitUrl(WAIT);
      WebDriverWait wait = new WebDriverWait(browser, WAIT);
      browser.get(url.resolve("/upload.html").toString());
      WebElement input =
          wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file-input")));
      browser.executeScript(RECORD_STATUS);
      browser.executeCdpCommand("Network.enable", Map.of());
      browser.executeCdpCommand(
          "Network.emulateNetworkConditions",
          Map.of(
              "offline",
              false,
              "latency",
              0,
              "downloadThroughput",
              -1,
              "uploadThroughput",
              UPLOAD_BYTES_PER_SECOND));

      input.sendKeys(file.toAbsolutePath().toString());
      browser.findElement(By.name("note")).sendKeys("holiday, day 3");
      browser.findElement(By.id("upload-button")).click();
      Path partial = awaitPartialPast(resumable, KILL_AFTER_BYTES);
      first.kill(); // SIGKILL in the middle of the file, a PATCH in flight
      first.awaitExit(WAIT);
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(By.id("upload-status"), "resuming"));

      second =
          RunningJar.start(
              work,
              "--port",
              Integer.toString(url.getPort()),
              "--root",
              "public",
              "--data",
              "data");
      second.awaitUrl(WAIT);
      String id = partial.getFileName().toString().replace(".part", "");
      assertThat(offsetOf(url.resolve("/files/" + id)))
          .as("the restarted server kept what came before the kill")
          .isPositive();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("upload-status"), "Stored 1 file"));
      assertThat(browser.findElement(By.cssSelector("#stored-files tbody a")).getText())
          .isEqualTo("big photo.bin");
      assertThat(firstPercentAfterResuming(browser))
          .as("the progress bar went on from where the server stood, not from zero")
          .isGreaterThanOrEqualTo(30);
    } finally {
      browser.quit();
      first.close();
      if (second != null) {
        second.close();
      }
    }
    assertThat(work.resolve("public/downloads/big photo.bin")).hasBinaryContent(content);
    assertThat(SubmissionLines.read(work.resolve("data/submissions.jsonl")))
        .as("the note is recorded with the stored name, as the multipart form's is")
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.path()).isEqualTo("/files/");
              assertThat(line.fields()).containsExactly("note=holiday, day 3");
              assertThat(line.files()).containsExactly("big photo.bin");
            });
  }

  /** Waits for the upload's partial file to hold more than {@code bytes}; returns it. */
  private static Path awaitPartialPast(Path resumable, long bytes) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Path> partial = Optional.empty();
      if (Files.isDirectory(resumable)) {
        try (Stream<Path> files = Files.list(resumable)) {
          partial = files.filter(p -> p.getFileName().toString().endsWith(".part")).findFirst();
        }
      }
      if (partial.isPresent() && Files.size(partial.get()) > bytes) {
        return partial.get();
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the upload's partial never passed " + bytes + " bytes");
  }

  private static long offsetOf(URI upload) throws Exception {
    HttpResponse<Void> head =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(upload)
                    .header("Tus-Resumable", "1.0.0")
                    .method("HEAD", BodyPublishers.noBody())
                    .build(),
                BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);
    return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
  }

  /** The percentage the status line showed first after it said it was resuming. */
  private static int firstPercentAfterResuming(JavascriptExecutor browser) {
    @SuppressWarnings("unchecked") // executeScript answers a JavaScript array as a List
    List<Object> history = (List<Object>) browser.executeScript("return window.statusHistory;");
    boolean resuming = false;
    for (Object text : history) {
      resuming |= text.toString().contains("resuming");
      Matcher percent = PERCENT.matcher(text.toString());
      if (resuming && percent.find()) {
        return Integer.parseInt(percent.group(1));
      }
    }
    throw new AssertionError("no progress after resuming in " + history);
  }

  private ChromeDriver startBrowser() throws IOException {
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
