package dev.mtserver.dynamic.fastcgi.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mtserver.dynamic.fastcgi.FastCgiAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real php-fpm, started by a test in a directory of its own: its own configuration, its own pool
 * ({@code pm = static}), listening on a Unix socket in that directory, running as the current user
 * ({@code -R} when that is root, which php-fpm otherwise refuses), with no {@code php.ini} ({@code
 * -n}) so the machine's settings do not leak in — or with them, for an application such as DokuWiki
 * that needs the machine's extensions. {@code .ci/run} installs Debian's {@code php-fpm}, so under
 * {@code CI=true} a missing one fails the tests; elsewhere they are skipped.
 *
 * <p>It also reads, as an operator would from {@code /proc}, which connections php-fpm's workers
 * hold: a worker serving a kept-alive connection keeps its socket open between requests.
 */
public final class PhpFpm implements AutoCloseable {

  private final Path directory;
  private final FastCgiAddress address;
  private final Process master;

  private PhpFpm(Path directory, FastCgiAddress address, Process master) {
    this.directory = directory;
    this.address = address;
    this.master = master;
  }

  /** php-fpm's binary: Debian's {@code /usr/sbin/php-fpm8.2}, or whichever version is installed. */
  public static Path binary() {
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
   * Starts php-fpm with {@code workers} workers and the extra pool settings, and waits until it
   * accepts connections. It listens on {@code php-fpm.sock} in {@code directory}, unless a setting
   * says {@code listen = HOST:PORT}.
   */
  public static PhpFpm start(Path directory, int workers, String... poolSettings)
      throws IOException, InterruptedException {
    return start(directory, workers, false, poolSettings);
  }

  /**
   * As {@link #start(Path, int, String...)}, and with {@code machineIni} the machine's {@code
   * php.ini} and extensions loaded (an application such as DokuWiki needs them).
   */
  public static PhpFpm start(
      Path directory, int workers, boolean machineIni, String... poolSettings)
      throws IOException, InterruptedException {
    Path binary = binary();
    Files.createDirectories(directory);
    String listen = directory.resolve("php-fpm.sock").toString();
    for (String setting : poolSettings) {
      if (setting.startsWith("listen =")) {
        listen = setting.substring("listen =".length()).strip();
      }
    }
    StringBuilder config =
        new StringBuilder()
            .append("[global]\n")
            .append("pid = ")
            .append(directory.resolve("php-fpm.pid"))
            .append('\n')
            .append("error_log = ")
            .append(directory.resolve("php-fpm.log"))
            .append('\n')
            .append("daemonize = no\n")
            .append("[test]\n")
            .append("listen = ")
            .append(listen)
            .append('\n')
            .append("pm = static\n")
            .append("pm.max_children = ")
            .append(workers)
            .append('\n')
            .append("request_terminate_timeout = 30s\n") // no test leaves a worker busy for long
            .append("php_admin_value[post_max_size] = 64M\n");
    for (String setting : poolSettings) {
      if (!setting.startsWith("listen =")) {
        config.append(setting).append('\n');
      }
    }
    Path file = directory.resolve("php-fpm.conf");
    Files.writeString(file, config);
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    if (!machineIni) {
      command.add("-n");
    }
    command.addAll(List.of("-F", "-y", file.toString(), "-p", directory.toString()));
    if (runningAsRoot()) {
      command.add("-R");
    }
    Process master =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("php-fpm.out").toFile())
            .start();
    PhpFpm fpm = new PhpFpm(directory, FastCgiAddress.parse(listen), master);
    fpm.awaitListening();
    return fpm;
  }

  private static boolean runningAsRoot() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IllegalStateException(
            "php-fpm exited: " + Files.readString(directory.resolve("php-fpm.out")) + logText());
      }
      boolean unix = address instanceof FastCgiAddress.Unix;
      try (SocketChannel probe =
          unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
        probe.connect(address.socketAddress());
        if (!workers().isEmpty()) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("php-fpm did not start listening: " + logText());
  }

  public FastCgiAddress address() {
    return address;
  }

  public String logText() {
    try {
      Path log = directory.resolve("php-fpm.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pids of the workers. */
  public List<Long> workers() {
    return master.toHandle().children().map(ProcessHandle::pid).toList();
  }

  /**
   * The connections php-fpm's workers hold now: their sockets other than the listening one the
   * master shares with them, as inode numbers.
   */
  public Set<String> connections() {
    Set<String> listening = sockets(master.pid());
    Set<String> connections = new HashSet<>();
    for (long worker : workers()) {
      Set<String> held = sockets(worker);
      held.removeAll(listening);
      connections.addAll(held);
    }
    return connections;
  }

  /** The connection a worker holds, if any. */
  public Set<String> connectionsOf(long worker) {
    Set<String> held = sockets(worker);
    held.removeAll(sockets(master.pid()));
    return held;
  }

  private static Set<String> sockets(long pid) {
    Set<String> sockets = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:")) {
            sockets.add(target);
          }
        } catch (IOException closedMeanwhile) {
          // gone while we looked
        }
      }
    } catch (IOException processGone) {
      // the worker exited meanwhile
    }
    return sockets;
  }

  /** Stops php-fpm and its workers (SIGTERM, then SIGKILL) and waits for them. */
  public void stop() throws InterruptedException {
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

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long a test may wait for something php-fpm does in the background. */
  public static final Duration PATIENCE = Duration.ofSeconds(10);
}
