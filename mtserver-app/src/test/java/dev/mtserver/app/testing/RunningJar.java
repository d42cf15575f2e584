package dev.mtserver.app.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jacoco.core.tools.ExecFileLoader;

/**
 * The real {@code mtserver.jar} in a child process, for integration tests that need the whole
 * program: its command line, its stdout line, its exit code, its signals.
 */
public final class RunningJar implements AutoCloseable {

  private static final Pattern URL = Pattern.compile("https?://[^\\s/]+:\\d+/");

  private final Process process;
  private final Optional<Path> coverageData;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final CompletableFuture<URI> url = new CompletableFuture<>();
  private final List<Thread> pumps = new ArrayList<>();

  private RunningJar(Process process, Optional<Path> coverageData) {
    this.process = process;
    this.coverageData = coverageData;
    pumps.add(
        pump(
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
            stdout,
            true));
    pumps.add(
        pump(
            new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
            stderr,
            false));
  }

  /** The jar built by this module's {@code package} phase. */
  public static Path jar() {
    String configured = System.getProperty("mtserver.jar");
    Path path = configured != null ? Path.of(configured) : Path.of("target", "mtserver.jar");
    if (!path.toFile().isFile()) {
      throw new IllegalStateException("run 'mvn package' first: no " + path.toAbsolutePath());
    }
    return path;
  }

  /** The {@code java} running these tests (a JDK 21+ chosen by the toolchain). */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Starts {@code java [jvmArgs] -jar mtserver.jar args} in {@code workDir}. */
  public static RunningJar start(Path workDir, List<String> jvmArgs, String... args)
      throws IOException {
    Optional<Path> coverage = newCoverageFile();
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(coverageAgent(coverage));
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    return new RunningJar(builder.start(), coverage);
  }

  /**
   * Starts the jar with at most {@code openFiles} file descriptors ({@code ulimit -n}, soft and
   * hard, so the JVM cannot raise it again), through {@code bash}'s {@code exec}: the child's pid
   * is the JVM's.
   */
  public static RunningJar startWithOpenFileLimit(Path workDir, int openFiles, String... args)
      throws IOException {
    Optional<Path> coverage = newCoverageFile();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$0\" \"$@\"", javaBinary()));
    command.addAll(coverageAgent(coverage));
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(List.of(args));
    return new RunningJar(
        new ProcessBuilder(command).directory(workDir.toFile()).start(), coverage);
  }

  public static RunningJar start(Path workDir, String... args) throws IOException {
    return start(workDir, List.of(), args);
  }

  /**
   * Starts the jar's main class from the class path ({@code java -cp mtserver.jar Main args}), as
   * an embedding or a custom launcher would: the manifest's {@code Add-Opens} then does not apply.
   */
  public static RunningJar startOnClassPath(Path workDir, String... args) throws IOException {
    Optional<Path> coverage = newCoverageFile();
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(coverageAgent(coverage));
    command.addAll(List.of("-cp", jar().toAbsolutePath().toString(), "dev.mtserver.app.cli.Main"));
    command.addAll(List.of(args));
    return new RunningJar(
        new ProcessBuilder(command).directory(workDir.toFile()).start(), coverage);
  }

  /**
   * Starts {@code java -jar mtserver.jar args} in {@code workDir} with {@code environment} added to
   * (or replacing entries of) this process's environment; every inherited {@code MTSERVER_*}
   * variable is removed first, so only the test's own reach the server.
   */
  public static RunningJar startWithEnvironment(
      Path workDir, Map<String, String> environment, String... args) throws IOException {
    Optional<Path> coverage = newCoverageFile();
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(coverageAgent(coverage));
    command.add("-jar");
    command.add(jar().toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("MTSERVER_"));
    builder.environment().putAll(environment);
    return new RunningJar(builder.start(), coverage);
  }

  /**
   * Starts the README's launcher, {@code bin/mtserver args}, in {@code workDir}, as a user runs it:
   * it finds a JDK, builds nothing (the jar is newer than every source in a built checkout),
   * chooses its JVM options and start-up cache and execs {@code java -jar} on this module's jar.
   * {@code environment} is added as in {@link #startWithEnvironment}; {@code JAVA_HOME} is this
   * test's JDK unless given. No coverage agent: it would be one more JVM option, and the options
   * name the cache the launcher picks.
   */
  public static RunningJar startLauncher(
      Path workDir, Map<String, String> environment, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("MTSERVER_"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    return new RunningJar(builder.start(), Optional.empty());
  }

  /**
   * The temporary sites of start-up cache training runs ({@code dev.mtserver.app.cli.TrainingRun})
   * now in {@code /tmp}, where the JVM puts them on Linux: a run removes its own before it ends.
   */
  public static Set<Path> trainingSites() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("/tmp"))) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("mtserver-training-"))
          .collect(Collectors.toSet());
    }
  }

  /** {@code bin/mtserver} of the checkout this module's jar was built in. */
  private static Path launcher() {
    Path checkout = jar().toAbsolutePath().normalize().getParent().getParent().getParent();
    return checkout.resolve("bin").resolve("mtserver");
  }

  /**
   * Where this run's coverage data goes, when the build measures coverage: a file of its own under
   * {@code mtserver.it.jacoco.dir}, which the build's JaCoCo merge picks up (see the app's pom).
   */
  private static Optional<Path> newCoverageFile() throws IOException {
    String agent = System.getProperty("mtserver.it.jacoco.agent");
    String dir = System.getProperty("mtserver.it.jacoco.dir");
    if (Boolean.getBoolean("mtserver.it.jacoco.skip")
        || agent == null
        || dir == null
        || !Files.isRegularFile(Path.of(agent))) {
      return Optional.empty();
    }
    Files.createDirectories(Path.of(dir));
    return Optional.of(Path.of(dir, "jar-" + UUID.randomUUID() + ".exec"));
  }

  private static List<String> coverageAgent(Optional<Path> data) {
    return data.map(
            file ->
                List.of(
                    "-javaagent:"
                        + System.getProperty("mtserver.it.jacoco.agent")
                        + "=destfile="
                        + file
                        + ",append=false"))
        .orElse(List.of());
  }

  /**
   * Once the process is gone: keeps its coverage data only if whole. The server's shutdown hook
   * ends the JVM with {@code halt}, which may cut the agent's own hook short mid-write; a cut file
   * would fail the build's merge, so it is removed and the loss said aloud.
   */
  private void keepCoverageIfWhole() {
    coverageData
        .filter(Files::exists)
        .ifPresent(
            file -> {
              try {
                new ExecFileLoader().load(file.toFile());
              } catch (IOException cut) {
                System.err.println(
                    "RunningJar: coverage data of pid "
                        + process.pid()
                        + " was cut short ("
                        + cut
                        + "); dropped");
                try {
                  Files.deleteIfExists(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
  }

  private Thread pump(BufferedReader reader, List<String> lines, boolean watchForUrl) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try (reader) {
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.add(line);
                  if (watchForUrl) {
                    Matcher m = URL.matcher(line);
                    if (m.find()) {
                      url.complete(URI.create(m.group()));
                    }
                  }
                }
              } catch (IOException ignored) {
                // the process went away
              } finally {
                url.completeExceptionally(
                    new IllegalStateException(
                        "server printed no URL; exit=" + exitCodeOrNull() + " stderr=" + stderr));
              }
            });
  }

  private Integer exitCodeOrNull() {
    return process.isAlive() ? null : process.exitValue();
  }

  /** Waits for the {@code http://HOST:PORT/} (or {@code https://}) line on stdout. */
  public URI awaitUrl(Duration timeout) throws Exception {
    return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits for the process to exit and returns its code; by then every line it printed has been
   * read, so {@link #stdout} and {@link #stderr} are complete.
   */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("still running after " + timeout + "; stderr=" + stderr);
    }
    for (Thread pump : pumps) {
      pump.join(Duration.ofSeconds(5)); // the pipes reach their end once the process is gone
    }
    keepCoverageIfWhole();
    return process.exitValue();
  }

  /**
   * Sends SIGTERM. Through the process handle: {@code Process.destroy()} would also close our ends
   * of the child's stdout and stderr, losing everything it prints while it shuts down.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Sends SIGKILL. */
  public void kill() {
    process.destroyForcibly();
  }

  /** Whether the process is still running. */
  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public List<String> stdout() {
    return List.copyOf(stdout);
  }

  public List<String> stderr() {
    return List.copyOf(stderr);
  }

  /** Stops the process with SIGTERM, then SIGKILL if it is still running 15 s later. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (!process.isAlive()) {
      keepCoverageIfWhole();
    }
  }
}
