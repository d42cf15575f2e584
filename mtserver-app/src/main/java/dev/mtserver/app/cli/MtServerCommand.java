package dev.mtserver.app.cli;

import dev.mtserver.app.ContentSettings;
import dev.mtserver.app.Directories;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.app.UnsafeLayoutException;
import dev.mtserver.app.ops.AccessLog;
import dev.mtserver.app.ops.LogLevel;
import dev.mtserver.app.ops.OperationsSettings;
import dev.mtserver.dynamic.cgi.Executables;
import dev.mtserver.http.codec.multipart.MultipartLimits;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.site.content.StaticContentOptions;
import dev.mtserver.http.site.forms.UploadLimits;
import dev.mtserver.threads.ThreadSource;
import dev.mtserver.transport.socket.ThreadMode;
import dev.mtserver.transport.socket.TransportConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Every command-line flag, and what the program does with them. */
@Command(
    name = "mtserver",
    mixinStandardHelpOptions = true,
    versionProvider = MtServerCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    showDefaultValues = true,
    description =
        "A small, strict, multithreaded HTTP/1.1 server for static files, forms, uploads and PHP"
            + " pages.")
public final class MtServerCommand implements Callable<Integer> {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(MtServerCommand.class);

  /** Returned once the server runs: the JVM stays up until SIGTERM or SIGINT. */
  static final int KEEP_RUNNING = -1;

  static final int DEFAULT_PORT = 8080;

  /** Without {@code --port}, a busy 8080 falls back to the next free port up to 8099. */
  static final int DEFAULT_PORT_FALLBACKS = 19;

  // Defaults of the duration flags as the user writes them; MainTest checks them against the
  // transport's own defaults (TransportConfig.DEFAULT_*).
  static final String DEFAULT_HEADER_TIMEOUT = "10s";
  static final String DEFAULT_BODY_TIMEOUT = "30s";
  static final String DEFAULT_IDLE_TIMEOUT = "15s";
  static final String DEFAULT_WRITE_TIMEOUT = "30s";
  static final String DEFAULT_SHUTDOWN_GRACE = "10s";

  /** Bytes per second, as the user writes it; MainTest checks it against TransportConfig's. */
  static final String DEFAULT_BODY_MIN_RATE = "500";

  @Spec private CommandSpec spec;

  @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on.")
  private String bind = "127.0.0.1";

  @Option(
      names = "--port",
      paramLabel = "N",
      description = {
        "Port to listen on; 0 picks a free one.",
        "Default: 8080, or the next free port up to 8099 if 8080 is busy (an explicit port never"
            + " falls back)."
      })
  private Integer port;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description = "Site root to serve; created with a starter site if missing.")
  private Path root = Path.of("public");

  @Option(
      names = "--uploads",
      paramLabel = "DIR",
      description = {"Where uploads are stored.", "Default: ROOT/downloads"},
      showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
  private Path uploads;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Where the server keeps its records (form submissions).")
  private Path data = Path.of("data");

  @Option(
      names = "--threads",
      paramLabel = "MODE",
      description = "Worker threads: platform or virtual.",
      converter = ThreadModeConverter.class,
      defaultValue = "platform")
  private ThreadMode threads;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description = "Connections served at once.")
  private int maxConnections = TransportConfig.DEFAULT_MAX_CONNECTIONS;

  @Option(
      names = "--backlog",
      paramLabel = "N",
      description = "Connections the kernel queues before they are accepted (listen backlog).")
  private int backlog = TransportConfig.DEFAULT_BACKLOG;

  @Option(
      names = "--header-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = DEFAULT_HEADER_TIMEOUT,
      description =
          "Deadline for a whole request head, from its first byte (slow clients get 408).")
  private Duration headerTimeout;

  @Option(
      names = "--body-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = DEFAULT_BODY_TIMEOUT,
      description = "Longest pause while a request body arrives.")
  private Duration bodyTimeout;

  @Option(
      names = "--body-min-rate",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      defaultValue = DEFAULT_BODY_MIN_RATE,
      description =
          "Slowest a request body may arrive on average, in bytes per second, once the body timeout"
              + " has passed (counting only time spent waiting for it); slower ones are cut off"
              + " (408). 0 turns it off.")
  private long bodyMinRate;

  @Option(
      names = "--request-memory",
      paramLabel = "SIZE|auto",
      defaultValue = "auto",
      description =
          "Most request data held in memory at once, all connections together (grown request heads,"
              + " form fields, upload buffers); past it requests get 503 with Retry-After."
              + " auto: a quarter of the JVM's heap (-Xmx).")
  private String requestMemory;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = DEFAULT_IDLE_TIMEOUT,
      description = "How long a kept-alive connection may wait for its next request.")
  private Duration idleTimeout;

  @Option(
      names = "--write-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = DEFAULT_WRITE_TIMEOUT,
      description = "How long a response may make no progress (a client that stopped reading).")
  private Duration writeTimeout;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = DEFAULT_SHUTDOWN_GRACE,
      description =
          "On SIGTERM/SIGINT, how long requests in flight may finish before they are cut off.")
  private Duration shutdownGrace;

  @Option(
      names = "--max-upload-size",
      paramLabel = "SIZE",
      description = "Largest upload accepted, such as 10m or 2g.",
      converter = SizeConverter.class,
      defaultValue = "1g")
  private long maxUploadSize;

  @Option(
      names = "--max-parts",
      paramLabel = "N",
      description = "Most parts (files and fields) in one multipart upload.")
  private int maxParts = MultipartLimits.DEFAULT_MAX_PARTS;

  @Option(
      names = "--directory-listing",
      negatable = true,
      defaultValue = "false",
      fallbackValue = "true",
      showDefaultValue = picocli.CommandLine.Help.Visibility.ALWAYS,
      description =
          "List the contents of directories that have no index.html (otherwise they are 404).")
  private boolean directoryListing;

  @Option(
      names = "--cache-control",
      paramLabel = "VALUE",
      description =
          "Cache-Control sent with static files, such as 'public, max-age=3600'; '' sends none.")
  private String cacheControl = StaticContentOptions.DEFAULT_CACHE_CONTROL;

  @Option(
      names = "--file-cache",
      paramLabel = "SIZE",
      description =
          "Memory for small hot files (up to 16k each) served without touching the disk; 0 turns it"
              + " off.",
      converter = SizeConverter.class,
      defaultValue = "32m")
  private long fileCache;

  // Logs, admin endpoints, drain delay, --config: kept apart from the serving flags above.
  @Mixin OperationsOptions operations;

  // The upload area's listing, gzip, folder downloads, a single-page app (issue 19).
  @Mixin BrowsingOptions browsing;

  @Option(
      names = "--php-cgi",
      paramLabel = "PATH|auto",
      description = {
        "Run .php pages through this php-cgi (auto: the first php-cgi on the PATH)."
            + " Without it, .php pages answer 501.",
        "Default: off"
      },
      showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
  private String phpCgi;

  @Option(
      names = "--script-timeout",
      paramLabel = "DURATION",
      description = "Longest a script may run before it is killed, such as 30s, 500ms or 2m.",
      converter = DurationConverter.class,
      defaultValue = "30s")
  private Duration scriptTimeout;

  @Option(
      names = "--max-scripts",
      paramLabel = "N",
      description = "Scripts running at once; more get 503.")
  private int maxScripts = ScriptSettings.DEFAULT_MAX_SCRIPTS;

  private final PrintWriter out;
  private final PrintWriter err;

  MtServerCommand(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    ServerSettings settings = settings();
    if (operations.accessLog.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--access-log': use off, stdout or a file name");
    }
    CountDownLatch stdoutReady = new CountDownLatch(1);
    OperationsSettings operationSettings =
        operations.settings(new PrintWriterOutputStream(out), stdoutReady);
    operations.logLevel.apply();
    MtServer server;
    try {
      server = MtServer.start(settings.toBuilder().operations(operationSettings).build());
    } catch (UnsafeLayoutException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '" + e.flag() + "': " + e.getMessage(),
          spec.findOption(e.flag()),
          null);
    } catch (AccessLog.UnavailableException e) {
      err.println("mtserver: --access-log " + operations.accessLog + ": " + e.getMessage());
      return 1;
    } catch (java.nio.file.NotDirectoryException e) {
      err.println("mtserver: --root " + settings.directories().root() + " is not a directory");
      return 1;
    } catch (BindException e) {
      err.println("mtserver: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("mtserver: cannot start: " + e.getMessage());
      return 1;
    }
    ShutdownSignal.onShutdown(
        new ThreadSource(),
        () -> { // drains, logs a summary, flushes the logs, exits 0
          try {
            server.shutdown();
          } catch (RuntimeException | Error e) {
            log.error(
                "Shutdown failed", e); // now: once logging is stopped, nothing more is written
            throw e;
          } finally {
            LogLevel.stopLogging();
          }
        });
    for (String line :
        StartupBanner.lines(server, settings, operations.accessLog, operations.logLevel)) {
      out.println(line);
    }
    out.flush();
    stdoutReady.countDown(); // the access log may write to stdout now: the URL line is first
    return KEEP_RUNNING;
  }

  /** The serving settings the flags describe; package-private for the precedence tests. */
  ServerSettings settings() {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--bind': '" + bind + "' is not an address");
    }
    if (port != null && (port < 0 || port > 65535)) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--port': " + port + " is not in 0..65535");
    }
    if (maxConnections < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--max-connections': must be at least 1");
    }
    if (maxParts < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--max-parts': must be at least 1");
    }
    if (!cacheControl.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--cache-control': only printable ASCII is allowed");
    }
    if (backlog < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--backlog': must be at least 1");
    }
    requirePositive("--header-timeout", headerTimeout);
    requirePositive("--body-timeout", bodyTimeout);
    requirePositive("--idle-timeout", idleTimeout);
    requirePositive("--write-timeout", writeTimeout);
    if (maxScripts < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--max-scripts': must be at least 1");
    }
    requirePositive("--script-timeout", scriptTimeout);
    Directories directories =
        uploads == null ? Directories.of(root, data) : new Directories(root, uploads, data);
    return ServerSettings.builder(directories)
        .transport(
            TransportConfig.builder(address)
                .port(port == null ? DEFAULT_PORT : port)
                .portFallbacks(port == null ? DEFAULT_PORT_FALLBACKS : 0)
                .threadMode(threads)
                .maxConnections(maxConnections)
                .backlog(backlog)
                .headerTimeout(headerTimeout)
                .bodyTimeout(bodyTimeout)
                .bodyMinRate(bodyMinRate)
                .idleTimeout(idleTimeout)
                .writeTimeout(writeTimeout)
                .shutdownGrace(shutdownGrace)
                .build())
        .content(new ContentSettings(directoryListing, cacheControl, fileCache))
        .uploads(UploadLimits.of(maxUploadSize, maxParts))
        .scripts(new ScriptSettings(phpCgiExecutable(), scriptTimeout, maxScripts))
        .requestMemory(requestMemoryBytes(Runtime.getRuntime().maxMemory()))
        .browsing(browsing.settings(spec.commandLine()))
        .build();
  }

  /**
   * {@code --request-memory}: {@code auto} (a quarter of the heap), or a size of at least 1m and at
   * most half of {@code maxHeap}: beyond that the budget could not keep the heap from running out
   * (docs/adr/0022-request-memory-and-fatal-errors.md).
   */
  long requestMemoryBytes(long maxHeap) {
    if (requestMemory.strip().equalsIgnoreCase("auto")) {
      return MemoryBudget.defaultBytes(Runtime.getRuntime().maxMemory());
    }
    long bytes;
    try {
      bytes = new SizeConverter().convert(requestMemory);
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--request-memory': " + e.getMessage() + ", or auto");
    }
    if (bytes < MemoryBudget.MIN_BYTES) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--request-memory': must be at least 1m");
    }
    if (bytes > maxHeap / 2) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--request-memory': "
              + requestMemory
              + " is more than half of the heap ("
              + StartupBanner.size((maxHeap >> 20) << 20)
              + "); raise -Xmx or use less");
    }
    return bytes;
  }

  private void requirePositive(String flag, Duration value) {
    if (!value.isPositive()) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '" + flag + "': must be more than 0");
    }
  }

  /** {@code --php-cgi}: an executable file, or {@code auto} for the first php-cgi on the PATH. */
  private Optional<Path> phpCgiExecutable() {
    if (phpCgi == null) {
      return Optional.empty();
    }
    if (phpCgi.equals("auto")) {
      return Optional.of(
          Executables.findOnPath(Executables.PHP_CGI, System.getenv("PATH"))
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "Invalid value for option '--php-cgi': auto found no php-cgi on the"
                              + " PATH")));
    }
    Path file;
    try {
      file = Path.of(phpCgi).toAbsolutePath();
    } catch (java.nio.file.InvalidPathException e) {
      file = null;
    }
    if (file == null || !Executables.isExecutableFile(file)) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--php-cgi': '" + phpCgi + "' is not an executable file");
    }
    return Optional.of(file);
  }

  /** Accepts {@code platform} or {@code virtual}, in any case. */
  static final class ThreadModeConverter implements picocli.CommandLine.ITypeConverter<ThreadMode> {
    @Override
    public ThreadMode convert(String value) {
      try {
        return ThreadMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "' is not one of platform, virtual");
      }
    }
  }

  /** Prints the version from the build. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"MTServer " + MtServer.version()};
    }
  }
}
