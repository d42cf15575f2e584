package dev.mtserver.app.browser;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven through its own {@code chromedriver} ({@code .ci/run} installs
 * both): Selenium Manager is never consulted, so nothing is downloaded. Without them a browser test
 * is skipped on a developer's machine and fails in CI ({@code CI=true}).
 */
final class Chromium {

  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** Skipped where there is no chromium, except in CI, where it must run. */
  static void require() {
    boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(
          "CI must run the browser test: install chromium and chromium-driver (.ci/run does)");
    }
    assumeThat(present).as("chromium and chromedriver in /usr/bin").isTrue();
  }

  /**
   * A headless chromium with a fresh profile in {@code profile}, saving downloads into {@code
   * downloads} without asking.
   *
   * @param extraArguments more command-line switches, such as a certificate pin
   */
  static ChromeDriver start(Path profile, Path downloads, String... extraArguments)
      throws IOException {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile()) // a given driver: Selenium Manager never runs
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000",
                "--user-data-dir=" + Files.createDirectories(profile)));
    arguments.addAll(List.of(extraArguments));
    options.addArguments(arguments);
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", Files.createDirectories(downloads).toString(),
            "download.prompt_for_download", false,
            "download.directory_upgrade", true));
    return new ChromeDriver(service, options);
  }

  /** Keeps what the browser shows in {@code target/browser/NAME}. */
  static void screenshot(WebDriver browser, String name) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Files.createDirectories(Path.of("target", "browser")).resolve(name);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Chromium's name for a download still in progress. */
  static Path partial(Path file) {
    return file.resolveSibling(file.getFileName() + ".crdownload");
  }

  static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
