package dev.mtserver.app;

import com.google.common.net.InetAddresses;
import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.app.ops.AccessLog;
import dev.mtserver.app.ops.AccessLogTarget;
import dev.mtserver.app.ops.CountedUploadRefusals;
import dev.mtserver.app.ops.MeteredSubmissions;
import dev.mtserver.app.ops.MeteredUploads;
import dev.mtserver.app.ops.OperationsSettings;
import dev.mtserver.app.ops.TransportStatsSource;
import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.form.SubmissionService;
import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptService;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadService;
import dev.mtserver.dynamic.cgi.CgiConfig;
import dev.mtserver.dynamic.cgi.CgiScriptRunner;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.form.FormLimits;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.server.ExchangeListener;
import dev.mtserver.http.server.Http1ConnectionHandler;
import dev.mtserver.http.server.HttpHandler;
import dev.mtserver.http.server.ShedLoad;
import dev.mtserver.http.server.SiteRouter;
import dev.mtserver.http.server.StaticContentHandler;
import dev.mtserver.http.server.StaticContentOptions;
import dev.mtserver.http.server.admin.AdminEndpoints;
import dev.mtserver.http.server.admin.MetricsPage;
import dev.mtserver.http.server.admin.ServerMetrics;
import dev.mtserver.http.server.forms.FormHandler;
import dev.mtserver.http.server.forms.UploadHandler;
import dev.mtserver.http.server.forms.UploadLimits;
import dev.mtserver.http.server.script.ScriptHandler;
import dev.mtserver.storage.fs.FileSystemScripts;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.FileSystemUploadStore;
import dev.mtserver.storage.fs.JsonLinesSubmissionLog;
import dev.mtserver.storage.fs.SiteRoot;
import dev.mtserver.storage.fs.SmallFileCache;
import dev.mtserver.threads.ThreadSource;
import dev.mtserver.transport.socket.SocketServer;
import dev.mtserver.transport.socket.TransportConfig;
import dev.mtserver.transport.socket.TransportStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running MTServer: builds every adapter from {@link ServerSettings}, wires them by constructor
 * and starts the transport. The only place in the code base that calls {@code new} on adapters.
 */
public final class MtServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MtServer.class);

  /** The file under the data directory where form submissions are appended. */
  public static final String SUBMISSIONS_FILE = "submissions.jsonl";

  /** The directory under the data directory where request bodies for scripts are spooled. */
  public static final String SPOOL_DIRECTORY = "spool";

  /** Where every thread of the server's modules comes from (ADR 0038); it holds no state of its own. */
  private static final ThreadSource THREADS = new ThreadSource();

  private final SocketServer transport;
  private final InetSocketAddress address;
  private final JsonLinesSubmissionLog submissionLog;
  private final Operations operations;
  private final CgiScriptRunner scriptRunner; // null when scripts are off

  private MtServer(
      SocketServer transport, InetSocketAddress address, JsonLinesSubmissionLog submissionLog,
      Operations operations, CgiScriptRunner scriptRunner) {
    this.transport = transport;
    this.address = address;
    this.submissionLog = submissionLog;
    this.operations = operations;
    this.scriptRunner = scriptRunner;
  }

  /**
   * What the server keeps for its operators: the settings, the access log (null when off), the
   * metrics, the drain flag, and where uploads appear in the site.
   */
  private record Operations(
      OperationsSettings settings, AccessLog accessLog, ServerMetrics metrics, AtomicBoolean draining,
      UploadArea uploadArea) {}

  /** The version from the build, such as {@code 0.1.0}. */
  public static String version() {
    try (InputStream in = MtServer.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /**
   * Prepares the directories, wires the server and starts accepting connections.
   *
   * @throws NotDirectoryException if the root exists but is not a directory
   */
  public static MtServer start(ServerSettings settings) throws IOException {
    return start(settings, OperationsSettings.defaults(), StorageDecorator.NONE);
  }

  /**
   * As {@link #start(ServerSettings)}, with the storage adapters wrapped by {@code storage}
   * before they are wired: how tests put a faulty disk under the real server.
   */
  public static MtServer start(ServerSettings settings, StorageDecorator storage) throws IOException {
    return start(settings, OperationsSettings.defaults(), storage);
  }

  /**
   * Prepares the directories, opens the access log, wires the server and starts accepting
   * connections.
   *
   * @throws NotDirectoryException if the root exists but is not a directory
   * @throws IOException if the access log file cannot be opened, or the port not bound
   */
  public static MtServer start(ServerSettings settings, OperationsSettings operations) throws IOException {
    return start(settings, operations, StorageDecorator.NONE);
  }

  /**
   * The full form: {@code operations} says what the operators get (access log, health, metrics),
   * {@code storage} may wrap the storage adapters before they are wired (tests use it).
   *
   * @throws UnsafeLayoutException if the data directory would be served or share a tree with the
   *     uploads directory ({@link DirectoryLayout}); nothing has been created then
   */
  public static MtServer start(
      ServerSettings settings, OperationsSettings operations, StorageDecorator storage) throws IOException {
    DirectoryLayout.check(settings.root(), settings.uploads(), settings.data(), // before anything is created
        operations.accessLog() instanceof AccessLogTarget.ToFile file ? Optional.of(file.file()) : Optional.empty());
    DescriptorBudget.shortfall(settings, DescriptorBudget.processLimit()).ifPresent(log::warn);
    if (StarterSite.installIfMissing(settings.root())) {
      log.info("Created {} with the bundled starter site", settings.root().toAbsolutePath());
    }
    if (!Files.isDirectory(settings.root())) {
      throw new NotDirectoryException(settings.root().toString());
    }
    Files.createDirectories(settings.uploads());
    Files.createDirectories(settings.data());

    var uploadStore = new FileSystemUploadStore(settings.uploads()); // removes stale temp files
    SiteRoot siteRoot = new SiteRoot(settings.root(), uploadStore.directory());
    UploadArea uploadArea = uploadArea(siteRoot.path(), uploadStore.directory());
    ContentSettings contentSettings = settings.content();
    var fileCache = new SmallFileCache(
        ContentSettings.FILE_CACHE_MAX_FILE_BYTES, contentSettings.fileCacheBytes());
    var content = new StaticContentService(
        storage.content(new FileSystemSite(siteRoot, fileCache)),
        contentSettings.directoryListing() ? DirectoryListings.ENABLED : DirectoryListings.DISABLED,
        uploadArea);
    warnAboutShadowedFiles(siteRoot.path(), operations);
    AccessLog accessLog = AccessLog.open(operations.accessLog()); // before listening: a bad path fails now
    JsonLinesSubmissionLog submissionLog = null;
    CgiScriptRunner scriptRunner = null;
    try {
      submissionLog = JsonLinesSubmissionLog.open(settings.data().resolve(SUBMISSIONS_FILE));
      scriptRunner = scriptRunner(settings, siteRoot);
      var ops = new Operations(operations, accessLog, new ServerMetrics(), new AtomicBoolean(), uploadArea);
      return start(settings, storage, content, uploadStore, submissionLog, ops, siteRoot, scriptRunner);
    } catch (IOException | RuntimeException e) {
      if (scriptRunner != null) {
        scriptRunner.close();
      }
      if (submissionLog != null) {
        submissionLog.close();
      }
      if (accessLog != null) {
        accessLog.close();
      }
      throw e;
    }
  }

  /** The CGI runner when {@code --php-cgi} is given; its stderr drains run on threads from {@link #THREADS}. */
  private static CgiScriptRunner scriptRunner(ServerSettings settings, SiteRoot siteRoot) throws IOException {
    ScriptSettings scripts = settings.scripts();
    if (scripts.phpCgi().isEmpty()) {
      return null;
    }
    CgiConfig config = new CgiConfig(
        scripts.phpCgi().get(),
        scripts.timeout(),
        scripts.maxScripts(),
        settings.data().resolve(SPOOL_DIRECTORY),
        siteRoot.path(),
        "MTServer/" + version());
    return new CgiScriptRunner(config, THREADS.daemonThreads("mtserver-script-stderr"));
  }

  private static MtServer start(
      ServerSettings settings,
      StorageDecorator storage,
      StaticContentService content,
      FileSystemUploadStore uploadStore,
      JsonLinesSubmissionLog submissionLog,
      Operations ops,
      SiteRoot siteRoot,
      CgiScriptRunner scriptRunner)
      throws IOException {
    MemoryBudget memory = MemoryBudget.of(settings.requestMemory());
    SiteRouter router = siteRouter(
        settings, storage, content, uploadStore, submissionLog, ops, siteRoot, scriptRunner, memory);

    AtomicReference<SocketServer> started = new AtomicReference<>();
    var stats = new TransportStatsSource(
        () -> started.get() == null ? null : started.get().stats(),
        () -> ops.draining().get() || (started.get() != null && started.get().draining()));
    OperationsSettings opSettings = ops.settings();
    MetricsPage metricsPage = opSettings.metrics() ? new MetricsPage(ops.metrics(), stats, memory, version()) : null;
    HttpHandler site = new AdminEndpoints(router, stats, opSettings.health(), metricsPage);
    // a connection shed while every worker is busy still reaches the health check and the metrics
    HttpHandler whileOverloaded = new AdminEndpoints(new ShedLoad(), stats, opSettings.health(), metricsPage);
    List<ExchangeListener> listeners = new ArrayList<>();
    listeners.add(ops.metrics());
    if (ops.accessLog() != null) {
      listeners.add(ops.accessLog());
    }
    var http = new Http1ConnectionHandler(site, HttpLimits.defaults(), "MTServer/" + version(),
        ExchangeListener.all(listeners), memory, whileOverloaded);
    HeapBudget.warnIfTight(settings, Runtime.getRuntime().maxMemory());

    SocketServer transport = new SocketServer(transportConfig(settings), http, THREADS);
    started.set(transport);
    InetSocketAddress address = transport.start();
    log.info("Uploads go to {} ({})", uploadStore.directory(),
        ops.uploadArea().directory().map(dir -> "served at " + dir.toUriPath()).orElse("not served"));
    if (scriptRunner != null) {
      log.info("PHP pages run through {} ({} at once, {} s each at most)", settings.scripts().phpCgi().get(),
          settings.scripts().maxScripts(), settings.scripts().timeout().toMillis() / 1000.0);
    }
    return new MtServer(transport, address, submissionLog, ops, scriptRunner);
  }

  /**
   * The site's handlers, innermost first: static files (uploads among them served as data), the
   * form and upload handlers on their metered use cases, and the PHP pages when a runner is
   * configured; the router picks one per request.
   */
  private static SiteRouter siteRouter(
      ServerSettings settings,
      StorageDecorator storage,
      StaticContentService content,
      FileSystemUploadStore uploadStore,
      JsonLinesSubmissionLog submissionLog,
      Operations ops,
      SiteRoot siteRoot,
      CgiScriptRunner scriptRunner,
      MemoryBudget memory) {
    ServerMetrics metrics = ops.metrics();
    UploadArea uploadArea = ops.uploadArea();
    // uploads are served as data: the content outcome says which files are uploads
    HttpHandler files = new StaticContentHandler(
        content, StaticContentOptions.withCacheControl(settings.content().cacheControl()));

    var submissions = new MeteredSubmissions(
        new SubmissionService(storage.submissions(submissionLog), Clock.systemUTC()), metrics);
    var forms = new FormHandler(content, submissions, files, FormLimits.defaults(), memory);
    var uploadService = new MeteredUploads(new UploadService(storage.uploads(uploadStore)), metrics);
    var uploads = new CountedUploadRefusals(
        new UploadHandler(content, uploadService, submissions, uploadArea, files,
            UploadLimits.of(settings.maxUploadSize(), settings.maxParts()), memory),
        metrics);

    SiteRouter.Builder routes = SiteRouter.builder(files).forms(forms, uploads);
    if (scriptRunner != null) {
      var scripts = new ScriptService(
          new FileSystemScripts(siteRoot, uploadStore.directory()), scriptRunner, uploadArea);
      routes.scripts(new ScriptHandler(scripts, files, settings.maxUploadSize()));
    }
    return routes.build();
  }

  private static TransportConfig transportConfig(ServerSettings settings) {
    ConnectionSettings connections = settings.connections();
    return TransportConfig.builder(settings.bindAddress())
        .port(settings.port())
        .portFallbacks(settings.portFallbacks())
        .threadMode(settings.threadMode())
        .maxConnections(settings.maxConnections())
        .backlog(connections.backlog())
        .headerTimeout(connections.headerTimeout())
        .bodyTimeout(connections.bodyTimeout())
        .bodyMinRate(connections.bodyMinRate())
        .idleTimeout(connections.idleTimeout())
        .writeTimeout(connections.writeTimeout())
        .shutdownGrace(connections.shutdownGrace())
        .build();
  }

  /**
   * An endpoint that is on answers its path even when the root has a file of that name: say so
   * once, at start, so nobody wonders why their file is not served.
   */
  private static void warnAboutShadowedFiles(Path root, OperationsSettings operations) {
    if (operations.health() && Files.exists(root.resolve("healthz"), LinkOption.NOFOLLOW_LINKS)) {
      log.warn("{} exists but GET /healthz answers the health check; use --healthz off to serve the file",
          root.resolve("healthz"));
    }
    if (operations.metrics() && Files.exists(root.resolve("metrics"), LinkOption.NOFOLLOW_LINKS)) {
      log.warn("{} exists but GET /metrics answers with the metrics; use --metrics off to serve the file",
          root.resolve("metrics"));
    }
  }

  /**
   * Where the uploads directory appears in the site: below the root, with no hidden segment
   * (hidden names are never served), or nowhere.
   */
  static UploadArea uploadArea(Path realRoot, Path realUploads) {
    if (!realUploads.startsWith(realRoot)) {
      return UploadArea.outsideSite();
    }
    List<String> segments = new ArrayList<>();
    for (Path segment : realRoot.relativize(realUploads)) {
      String name = segment.toString();
      if (name.isEmpty()) {
        continue; // the uploads directory is the root itself
      }
      if (name.startsWith(".")) {
        return UploadArea.outsideSite();
      }
      segments.add(name);
    }
    try {
      return UploadArea.at(SitePath.of(segments, true));
    } catch (InvalidSitePathException e) {
      return UploadArea.outsideSite();
    }
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return address;
  }

  /** The base URL clients use, such as {@code http://127.0.0.1:8080/}. */
  public URI url() {
    String host = address.getAddress() instanceof Inet6Address
        ? "[" + InetAddresses.toAddrString(address.getAddress()).replace("%", "%25") + "]" // [::], not [0:0:0:0:0:0:0:0]
        : address.getAddress().getHostAddress();
    return URI.create("http://" + host + ":" + address.getPort() + "/");
  }

  /** The transport's counters now: connections, requests, refusals. */
  public TransportStats stats() {
    return transport.stats();
  }

  /** How many scripts are running now (0 when scripts are off). */
  public int runningScripts() {
    return scriptRunner == null ? 0 : scriptRunner.running();
  }

  /** The operations settings it was started with. */
  public OperationsSettings operations() {
    return operations.settings();
  }

  /** Where uploaded files appear in the site, such as {@code /downloads/}, if they do. */
  public Optional<String> uploadsUrlPath() {
    return operations.uploadArea().directory().map(SitePath::toUriPath);
  }

  /** The HTTP-level counters behind {@code /metrics}. */
  public ServerMetrics metrics() {
    return operations.metrics();
  }

  /** Whether a graceful shutdown has begun: {@code /healthz} answers 503. */
  public boolean draining() {
    return operations.draining().get() || transport.draining();
  }

  /**
   * The graceful shutdown that SIGTERM and SIGINT run: report 503 on {@code /healthz} for the
   * drain delay while still serving, then stop accepting, close idle connections, let requests in
   * flight finish within the shutdown grace, cut off the rest, kill any script left, log a
   * summary, and flush the access log. A second call waits for the first and returns the same counters.
   *
   * @return the final counters
   */
  public synchronized TransportStats shutdown() {
    Duration delay = operations.settings().drainDelay();
    if (operations.draining().compareAndSet(false, true) && delay.isPositive()) {
      log.info("Draining: /healthz answers 503 for {} ms before the listener closes", delay.toMillis());
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      return transport.shutdown();
    } finally {
      if (scriptRunner != null) {
        scriptRunner.close(); // kills scripts still running after the shutdown grace
      }
      closeQuietly(submissionLog); // after the last request that could append to it
      if (operations.accessLog() != null) {
        operations.accessLog().close(); // after the last request that could be logged
      }
    }
  }

  /** The graceful {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  private static void closeQuietly(JsonLinesSubmissionLog log) {
    try {
      log.close();
    } catch (IOException e) {
      MtServer.log.warn("Could not close the submission log: {}", e.toString());
    }
  }
}
