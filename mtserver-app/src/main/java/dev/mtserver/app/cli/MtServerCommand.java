package dev.mtserver.app.cli;

import dev.mtserver.app.AccessSettings;
import dev.mtserver.app.ContentSettings;
import dev.mtserver.app.Directories;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.RefusedSettingException;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.app.SharedStorage;
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
import java.util.Map;
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
  static final String DEFAULT_IDLE_TIMEOUT = "75s";
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
      paramLabel = "DIR|s3://BUCKET/PREFIX/",
      description =
          "Site root to serve; a directory is created with a starter site if missing. An s3://"
              + " location serves the site from an object store (see --s3-endpoint).")
  private String root = "public";

  @Option(
      names = "--uploads",
      paramLabel = "DIR|s3://BUCKET/PREFIX/",
      description = {
        "Where uploads are stored: a directory, or an s3:// location when the root is one.",
        "Default: ROOT/downloads"
      },
      showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
  private String uploads;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Where the server keeps its records (form submissions).")
  private Path data = Path.of("data");

  @Option(
      names = "--threads",
      paramLabel = "MODE",
      description = "Worker threads: virtual or platform.",
      converter = ThreadModeConverter.class,
      defaultValue = "virtual")
  private ThreadMode threads;

  @Option(
      names = "--max-connections",
      paramLabel = "N|auto",
      defaultValue = "auto",
      description =
          "Connections served at once. auto: 4096 with virtual threads, 1024 with platform"
              + " threads.")
  private String maxConnections;

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

  @Option(
      names = "--open-file-cache",
      paramLabel = "N",
      description =
          "Open files (those above 16k, sent with sendfile; up to 128k also mapped and written with"
              + " their head) kept between requests, so that a file sent again is not opened"
              + " again; 0 turns it off.",
      defaultValue = "256")
  private int openFileCache;

  // Logs, admin endpoints, drain delay, --config: kept apart from the serving flags above.
  @Mixin OperationsOptions operations;

  // A database for submissions, how to reach an object store (issue 15).
  @Mixin SharedStorageOptions sharedStorage;

  // HTTPS and per-client fairness (issue 16, ADR 0039): --tls-*, --redirect-http, --hsts.
  @Mixin HttpsOptions https;

  @Option(
      names = "--max-connections-per-ip",
      paramLabel = "N",
      description = {
        "Connections one client address may have open at once; more get 503. 0 = no limit:"
            + " behind a proxy or a NAT, every client has the same address.",
        "Default: 0 (off)"
      },
      showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER)
  private int maxConnectionsPerIp;

  // Who may call: --auth-file, --auth-scope, --cors and their companions (ADR 0040).
  @Mixin AccessOptions access;

  // Resumable (tus) uploads at /files/: kept apart from the serving flags above.
  @Mixin ResumableOptions resumable;

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

  // --php-fpm, its connections and --php-front-controller (issue 18)
  @Mixin PhpFpmOptions phpFpm;

  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> environment;

  /** The server {@link #call()} started, for the training run, which stops it itself. */
  private volatile MtServer started;

  MtServerCommand(PrintWriter out, PrintWriter err) {
    this(out, err, System.getenv());
  }

  /**
   * @param environment where credentials the flags do not hold are looked up ({@code PGUSER},
   *     {@code PGPASSWORD}, {@code MTSERVER_DB_PASSWORD})
   */
  MtServerCommand(PrintWriter out, PrintWriter err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = Map.copyOf(environment);
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
    } catch (RefusedSettingException e) {
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
    started = server;
    return KEEP_RUNNING;
  }

  /** The server {@link #call()} started, once it has. */
  Optional<MtServer> server() {
    return Optional.ofNullable(started);
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
    int connections = maxConnections();
    if (maxParts < 1) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--max-parts': must be at least 1");
    }
    if (!cacheControl.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--cache-control': only printable ASCII is allowed");
    }
    if (openFileCache < 0) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--open-file-cache': must not be negative");
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
    if (resumable.maxUnfinished < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--resumable-max-unfinished': must be at least 1");
    }
    requirePositive("--resumable-expiry", resumable.expiry);
    if (maxConnectionsPerIp < 0) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '--max-connections-per-ip': is negative");
    }
    SharedStorage shared = sharedStorage();
    Directories directories = directories(shared);
    Optional<Path> php = phpCgiExecutable();
    if (php.isPresent() && shared.site().isPresent()) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--php-cgi': PHP runs files on this host's disk, but --root is"
              + " in a bucket");
    }
    ScriptSettings scriptSettings =
        phpFpm.apply(new ScriptSettings(php, scriptTimeout, maxScripts), spec.commandLine());
    if (scriptSettings.phpFpm().isPresent() && shared.site().isPresent()) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--php-fpm': PHP runs files on this host's disk, but --root is"
              + " in a bucket");
    }
    return ServerSettings.builder(directories)
        .transport(
            TransportConfig.builder(address)
                .port(port == null ? DEFAULT_PORT : port)
                .portFallbacks(port == null ? DEFAULT_PORT_FALLBACKS : 0)
                .threadMode(threads)
                .maxConnections(connections)
                .backlog(backlog)
                .headerTimeout(headerTimeout)
                .bodyTimeout(bodyTimeout)
                .bodyMinRate(bodyMinRate)
                .idleTimeout(idleTimeout)
                .writeTimeout(writeTimeout)
                .shutdownGrace(shutdownGrace)
                .maxConnectionsPerAddress(maxConnectionsPerIp)
                .build())
        .https(https.settings(spec.commandLine(), environment))
        .content(new ContentSettings(directoryListing, cacheControl, fileCache, openFileCache))
        .uploads(UploadLimits.of(maxUploadSize, maxParts))
        .scripts(scriptSettings)
        .requestMemory(requestMemoryBytes(Runtime.getRuntime().maxMemory()))
        .shared(shared)
        .access(accessSettings())
        .resumable(resumable.settings())
        .browsing(browsing.settings(spec.commandLine()))
        .build();
  }

  /** {@code --root}, {@code --uploads}, {@code --submissions} and the object store's flags. */
  private SharedStorage sharedStorage() {
    try {
      return sharedStorage.settings(root, uploads, environment);
    } catch (SharedStorageOptions.BadOption e) {
      throw new ParameterException(
          spec.commandLine(), "Invalid value for option '" + e.flag() + "': " + e.getMessage());
    }
  }

  /**
   * The directories on this host: the root and uploads as given, or, for the one in a bucket, its
   * default (never created nor served then), and the data directory, which always is. A site in a
   * bucket may keep its uploads in a directory here, and a site here its uploads in a bucket.
   */
  private Directories directories(SharedStorage shared) {
    Path rootDirectory = shared.site().isPresent() ? Path.of("public") : localPath("--root", root);
    if (uploads == null || shared.uploads().isPresent()) {
      return Directories.of(rootDirectory, data);
    }
    return new Directories(rootDirectory, localPath("--uploads", uploads), data);
  }

  private Path localPath(String flag, String value) {
    try {
      return Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '" + flag + "': '" + value + "' is not a path");
    }
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

  /** The access flags' settings; a bad value is a bad flag (exit 2). */
  private AccessSettings accessSettings() {
    try {
      return access.settings();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      int colon = message.indexOf(": ");
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '"
              + message.substring(0, colon)
              + "': "
              + message.substring(colon + 2));
    }
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

  /**
   * {@code --max-connections}: a positive number, or {@code auto} for the thread mode's default.
   */
  private int maxConnections() {
    if (maxConnections.strip().equalsIgnoreCase("auto")) {
      return threads.defaultMaxConnections();
    }
    try {
      int value = Integer.parseInt(maxConnections.strip());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below, as for a number below 1
    }
    throw new ParameterException(
        spec.commandLine(),
        "Invalid value for option '--max-connections': '"
            + maxConnections
            + "' is not auto or a number of at least 1");
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
