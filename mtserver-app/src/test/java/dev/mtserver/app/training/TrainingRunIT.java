package dev.mtserver.app.training;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RunningJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training run of the start-up cache, {@code java -cp mtserver.jar
 * dev.mtserver.app.cli.TrainingRun}, as {@code bin/mtserver} runs it (LauncherIT has the cache it
 * leads to): it serves its own site, gets the expected answer to every request, and leaves nothing
 * behind.
 */
class TrainingRunIT {

  private static final Pattern SUMMARY =
      Pattern.compile("mtserver training: (\\d+) requests in \\d+ ms");

  @TempDir Path work;

  @Test
  void trains_a_server_of_its_own_on_every_request_shape_and_leaves_nothing_behind()
      throws Exception {
    Set<Path> sitesBefore = RunningJar.trainingSites();
    Path stdout = Files.createTempFile("training", ".out");
    Path stderr = Files.createTempFile("training", ".err");
    Process training =
        new ProcessBuilder(
                RunningJar.javaBinary(),
                "-cp",
                RunningJar.jar().toAbsolutePath().toString(),
                "dev.mtserver.app.cli.TrainingRun")
            .directory(work.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      assertThat(training.waitFor(120, TimeUnit.SECONDS)).as("ended within 2 minutes").isTrue();
      // 0 only if every request got its expected status (200, 206, 304, 404 by shape)
      assertThat(training.exitValue())
          .as("exit status; stderr: %s", Files.readString(stderr, UTF_8))
          .isZero();
      List<String> lines = Files.readAllLines(stdout, UTF_8);
      assertThat(lines).singleElement().asString().matches(SUMMARY);
      Matcher summary = SUMMARY.matcher(lines.get(0));
      assertThat(summary.matches()).isTrue();
      // kept-alive, HTTP/1.0, curl's and browsers' requests: thousands in all
      assertThat(Long.parseLong(summary.group(1))).isGreaterThanOrEqualTo(5_000);
      // its site, data and access log were temporary; the caller's directory is untouched
      assertThat(work).isEmptyDirectory();
      assertThat(RunningJar.trainingSites()).isEqualTo(sitesBefore);
    } finally {
      training.destroyForcibly();
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
