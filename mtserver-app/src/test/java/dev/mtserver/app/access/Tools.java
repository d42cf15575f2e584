package dev.mtserver.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real tools the access tests use: Apache's {@code htpasswd} and {@code curl}. */
public final class Tools {

  private Tools() {}

  /** Adds (or replaces) {@code user} with a bcrypt entry made by {@code htpasswd -B}. */
  public static void htpasswd(Path file, String user, String password)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("htpasswd", "-B", "-C", "5", "-i"));
    if (!file.toFile().exists()) {
      command.add("-c");
    }
    command.add(file.toString());
    command.add(user);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().write(password.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  /** What curl printed: {@code -w} output and the headers it dumped. */
  public record CurlResult(String out, int exit) {
    public int status() {
      List<String> lines = out.strip().lines().toList();
      return Integer.parseInt(lines.get(lines.size() - 1).strip());
    }
  }

  /** Runs curl with {@code args}, printing the response head and, last, the status. */
  public static CurlResult curl(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("curl", "-sS", "-D", "-", "-o", "/dev/null", "-w", "%{http_code}"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new CurlResult(out, process.exitValue());
  }
}
