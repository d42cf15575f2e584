package dev.mtserver.app.php;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real php-fpm for the server's integration tests, started in a directory of its own: its own
 * configuration and pool ({@code pm = static}), listening on {@code php-fpm.sock} there, running as
 * the current user ({@code -R} when that is root). {@code .ci/run} installs Debian's {@code
 * php-fpm}, so under {@code CI=true} a missing one fails the tests; elsewhere they are skipped.
 * (The FastCGI module's own tests have a fuller one; test code is not shared between modules.)
 */
final class PhpFpm implements AutoCloseable {

  private final Path directory;
  private final Process master;

  private PhpFpm(Path directory, Process master) {
    this.directory = directory;
    this.master = master;
  }

  /** php-fpm's binary: Debian's {@code /usr/sbin/php-fpm8.2}, or whichever version is installed. */
  static Path binary() {
    Optional<Path> found = Optional.of(Path.of("/usr/sbin/php-fpm8.2")).filter(Files::isExecutable);
    if (found.isEmpty()) {
      try (Stream<Path> sbin = Files.list(Path.of("/usr/sbin"))) {
        found =
            sbin.filter(p -> p.getFileName().toString().matches("php-fpm[0-9.]*"))
                .filter(Files::isExecutable)
                .sorted()
                .findFirst();
      } catch (IOException e) {
        found = Optional.empty();
      }
    }
    if (found.isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("php-fpm is not installed; .ci/run installs Debian's php-fpm");
      }
      assumeTrue(false, "php-fpm is not installed; skipping the php-fpm integration tests");
    }
    return found.get();
  }

  /**
   * Starts php-fpm with {@code workers} workers and waits until it accepts connections on {@link
   * #socket}.
   *
   * @param machineIni true to load the machine's php.ini and extensions (an application such as
   *     DokuWiki needs them); false for none ({@code -n}), so the machine's settings do not leak in
   */
  static PhpFpm start(Path directory, int workers, boolean machineIni, String... poolSettings)
      throws IOException, InterruptedException {
    Path binary = binary();
    Files.createDirectories(directory);
    StringBuilder config =
        new StringBuilder()
            .append("[global]\n")
            .append("pid = ")
            .append(directory.resolve("php-fpm.pid"))
            .append("\nerror_log = ")
            .append(directory.resolve("php-fpm.log"))
            .append("\ndaemonize = no\n[test]\nlisten = ")
            .append(socket(directory))
            .append("\npm = static\npm.max_children = ")
            .append(workers)
            .append("\nrequest_terminate_timeout = 30s\ncatch_workers_output = yes\n");
    for (String setting : poolSettings) {
      config.append(setting).append('\n');
    }
    Path file = directory.resolve("php-fpm.conf");
    Files.writeString(file, config);
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    if (!machineIni) {
      command.add("-n");
    }
    command.addAll(List.of("-F", "-y", file.toString(), "-p", directory.toString()));
    if (((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0) {
      command.add("-R"); // php-fpm refuses to run workers as root without it
    }
    Process master =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("php-fpm.out").toFile())
            .start();
    PhpFpm fpm = new PhpFpm(directory, master);
    fpm.awaitListening();
    return fpm;
  }

  /** Where a php-fpm started in {@code directory} listens. */
  static Path socket(Path directory) {
    return directory.resolve("php-fpm.sock");
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IllegalStateException(
            "php-fpm exited: " + Files.readString(directory.resolve("php-fpm.out")));
      }
      try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        probe.connect(UnixDomainSocketAddress.of(socket(directory)));
        if (master.toHandle().children().findAny().isPresent()) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("php-fpm did not start listening");
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops php-fpm and its workers (SIGTERM, then SIGKILL) and waits for them. */
  void stop() throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(master.toHandle().descendants().toList());
    master.destroy();
    if (!master.waitFor(10, TimeUnit.SECONDS)) {
      master.destroyForcibly();
      master.waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle worker : all) {
      worker.destroyForcibly();
      worker.onExit().completeOnTimeout(worker, 10, TimeUnit.SECONDS).join();
    }
  }
}
