package dev.mtserver.storage.postgres.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A throw-away PostgreSQL cluster: {@code initdb} in a temporary directory, {@code pg_ctl start} on
 * a free loopback port (and a unix socket in the same directory), a superuser and an application
 * role with passwords (SCRAM over TCP, as a production server would ask), and {@link
 * #createDatabase() a fresh database} per test.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as root, every PostgreSQL command runs
 * as the {@code postgres} user through {@code runuser -u postgres --}, in a directory owned by it.
 * The cluster is stopped and its directory removed by {@link #close()}, and by a JVM shutdown hook
 * if a test run ends without it.
 *
 * <p>Use one cluster for a whole run through {@link Shared} ({@code @ExtendWith}, then take a
 * {@code TemporaryPostgres} parameter), or start one of your own with {@link #start()} for a test
 * that stops and restarts the server. When PostgreSQL is not installed the tests are skipped,
 * except under {@code CI=true}, where that is a failure ({@code .ci/run} installs it).
 */
public final class TemporaryPostgres implements AutoCloseable {

  /** The application role every database created here belongs to. */
  public static final String USER = "mtserver_test";

  private static final String SUPERUSER = "postgres";
  private static final long COMMAND_SECONDS = 120;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path directory;
  private final Path binaries;
  private final String superuserPassword = randomSecret();
  private final String password = randomSecret();
  private final Thread cleanupAtExit;
  private int port;
  private boolean running;

  private TemporaryPostgres(Path directory, Path binaries) {
    this.directory = directory;
    this.binaries = binaries;
    this.cleanupAtExit = new Thread(this::closeQuietly, "temporary-postgres-cleanup");
  }

  /**
   * Creates and starts a cluster of one's own; close it when done.
   *
   * <p>Skips the calling test (or fails it, under {@code CI=true}) when PostgreSQL is not
   * installed.
   */
  public static TemporaryPostgres start() throws IOException, InterruptedException, SQLException {
    Path binaries = requireInstallation();
    Path directory = Files.createTempDirectory("mtserver-pg-");
    TemporaryPostgres cluster = new TemporaryPostgres(directory, binaries);
    Runtime.getRuntime().addShutdownHook(cluster.cleanupAtExit);
    try {
      cluster.initialise();
      cluster.startServer();
      cluster.createApplicationRole();
      return cluster;
    } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
      cluster.closeQuietly();
      throw e;
    }
  }

  /** The JDBC URL of {@code database} on this cluster, with no credentials in it. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The password of {@link #USER}. */
  public String password() {
    return password;
  }

  public int port() {
    return port;
  }

  /** A new, empty database owned by {@link #USER}; returns its name. */
  public String createDatabase() throws SQLException {
    String name = "test_" + DATABASES.incrementAndGet();
    try (Connection admin = superuser("postgres");
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE DATABASE " + name + " OWNER " + USER);
    }
    return name;
  }

  /**
   * A superuser connection to {@code database}, for what the application role may not do (hold a
   * lock on its table from another session, look at the catalogue); close it when done.
   */
  public Connection superuser(String database) throws SQLException {
    return connect(database, SUPERUSER, superuserPassword);
  }

  /** A connection as {@link #USER}, outside any pool under test. */
  public Connection connect(String database) throws SQLException {
    return connect(database, USER, password);
  }

  /** Bounded, so that a test that leaves the server frozen fails instead of hanging the build. */
  private Connection connect(String database, String user, String secret) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", secret);
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "120");
    return DriverManager.getConnection(jdbcUrl(database), properties);
  }

  /** Stops the server ({@code pg_ctl stop -m fast}): connections break, new ones are refused. */
  public synchronized void stop() throws IOException, InterruptedException {
    if (running) {
      pgCtl("stop", "-m", "fast");
      running = false;
    }
  }

  /** Starts the server again after {@link #stop()}, on the same port, with the same data. */
  public synchronized void restart() throws IOException, InterruptedException {
    if (!running) {
      pgCtl("start", "-l", directory.resolve("server.log").toString());
      running = true;
    }
  }

  /**
   * Freezes every process of the server ({@code SIGSTOP}): connections stay open and the kernel
   * still accepts new ones, but nothing answers, as with a hung host or a cut network. Undo with
   * {@link #thaw()}.
   */
  public synchronized void freeze() throws IOException, InterruptedException {
    signalServer("-STOP");
  }

  /** Lets a {@link #freeze() frozen} server run on ({@code SIGCONT}). */
  public synchronized void thaw() throws IOException, InterruptedException {
    signalServer("-CONT");
  }

  /**
   * Sends a signal to the postmaster, then to each of its children, by process id. A child may exit
   * between the listing and the signal (a session closing): only the postmaster must get it.
   */
  private void signalServer(String signal) throws IOException, InterruptedException {
    String pidLine = Files.readAllLines(dataDirectory().resolve("postmaster.pid")).get(0).strip();
    long postmaster = Long.parseLong(pidLine);
    if (kill(signal, List.of(postmaster)) != 0) {
      throw new IOException("kill " + signal + " " + postmaster + " failed");
    }
    List<Long> children =
        ProcessHandle.of(postmaster).stream()
            .flatMap(ProcessHandle::descendants)
            .map(ProcessHandle::pid)
            .toList();
    if (!children.isEmpty()) {
      kill(signal, children);
    }
  }

  private static int kill(String signal, List<Long> pids) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(Redirect.DISCARD)
            .start();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish");
    }
    return process.exitValue();
  }

  /** Stops the server at once and removes its directory. */
  @Override
  public synchronized void close() throws IOException {
    try {
      if (running) {
        thaw(); // in case a test froze it and failed before thawing
        pgCtl("stop", "-m", "immediate");
        running = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping PostgreSQL");
    } finally {
      deleteRecursively(directory);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
      } catch (IllegalStateException exiting) {
        // called from the hook itself
      }
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      // best effort at exit; the directory is a temporary one
    }
  }

  // ---- setting up

  /**
   * The newest {@code /usr/lib/postgresql/N/bin} holding {@code initdb} and {@code pg_ctl}
   * (Debian's layout), or the directory of {@code pg_ctl} on the PATH.
   */
  static Optional<Path> findInstallation() {
    List<Path> candidates = new ArrayList<>();
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .filter(v -> v.getFileName().toString().matches("\\d+"))
            .sorted(
                Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString()))
                    .reversed())
            .map(v -> v.resolve("bin"))
            .forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String entry : path.split(":", -1)) {
      if (!entry.isEmpty()) {
        candidates.add(Path.of(entry));
      }
    }
    return candidates.stream()
        .filter(
            bin ->
                Files.isExecutable(bin.resolve("initdb"))
                    && Files.isExecutable(bin.resolve("pg_ctl")))
        .findFirst();
  }

  private static Path requireInstallation() {
    Optional<Path> binaries = findInstallation();
    if (binaries.isEmpty()) {
      String message = "PostgreSQL is not installed (no initdb/pg_ctl): apt-get install postgresql";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    return binaries.get();
  }

  private void initialise() throws IOException, InterruptedException {
    if (runsAsRoot()) {
      // The server's files belong to the user it runs as; the directory must be reachable.
      giveToPostgres(directory);
    }
    Path passwordFile = directory.resolve("superuser-password");
    Files.writeString(passwordFile, superuserPassword + "\n", StandardCharsets.UTF_8);
    if (runsAsRoot()) {
      giveToPostgres(passwordFile);
    }
    run(
        List.of(
            binaries.resolve("initdb").toString(),
            "-D",
            dataDirectory().toString(),
            "-U",
            SUPERUSER,
            "--pwfile=" + passwordFile,
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync")); // a throw-away cluster: its creation needs no flush to disk
    Files.delete(passwordFile);
  }

  private void startServer() throws IOException, InterruptedException {
    IOException lastFailure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      port = freeLoopbackPort();
      // Appended last, so these win over initdb's defaults.
      Files.writeString(
          dataDirectory().resolve("postgresql.conf"),
          String.join(
              "\n",
              "",
              "port = " + port,
              "listen_addresses = '127.0.0.1'",
              "unix_socket_directories = '" + directory + "'",
              "max_connections = 60",
              "shared_buffers = 16MB",
              ""),
          StandardOpenOption.APPEND);
      try {
        restart();
        return;
      } catch (IOException e) {
        lastFailure = e; // most likely the port was taken in between: try another
      }
    }
    throw lastFailure;
  }

  private void createApplicationRole() throws SQLException {
    try (Connection admin = superuser("postgres");
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
    }
  }

  private Path dataDirectory() {
    return directory.resolve("data");
  }

  private void pgCtl(String... arguments) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binaries.resolve("pg_ctl").toString(),
                "-D",
                dataDirectory().toString(),
                "-w",
                "-t",
                "60"));
    command.addAll(List.of(arguments));
    run(command);
  }

  /** Runs a PostgreSQL command, as {@code postgres} when we are root; fails with its output. */
  private void run(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (runsAsRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Path output = Files.createTempFile("mtserver-pg-command-", ".log");
    try {
      Process process =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            String.join(" ", full) + " did not finish in " + COMMAND_SECONDS + " s");
      }
      if (process.exitValue() != 0) {
        String log = Files.readString(output, StandardCharsets.UTF_8);
        Path serverLog = directory.resolve("server.log");
        if (Files.isReadable(serverLog)) {
          log += "\nserver.log:\n" + Files.readString(serverLog, StandardCharsets.UTF_8);
        }
        throw new IOException(
            String.join(" ", full) + " exited with " + process.exitValue() + ":\n" + log);
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean runsAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void giveToPostgres(Path path) throws IOException {
    UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal postgres = users.lookupPrincipalByName("postgres");
    Files.setOwner(path, postgres);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * One cluster for every test class of a run that asks for it: started on first use, stopped when
   * the run ends (or the JVM exits). Test classes get {@code TemporaryPostgres} parameters.
   */
  public static final class Shared implements ParameterResolver {

    private static TemporaryPostgres cluster;

    private static synchronized TemporaryPostgres cluster(ExtensionContext context) {
      if (cluster == null) {
        try {
          cluster = TemporaryPostgres.start();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (SQLException e) {
          throw new IllegalStateException("Could not set up the temporary PostgreSQL", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        // Closed when the whole run ends, not with the class that started it.
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .put(TemporaryPostgres.class, cluster);
      }
      return cluster;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == TemporaryPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return cluster(context);
    }
  }
}
