package dev.mtserver.app;

import dev.mtserver.app.ops.AccessLog;
import dev.mtserver.app.ops.AccessLogTarget;
import dev.mtserver.app.ops.CountedUploadRefusals;
import dev.mtserver.app.ops.MeteredSubmissions;
import dev.mtserver.app.ops.MeteredUploads;
import dev.mtserver.app.ops.OperationsSettings;
import dev.mtserver.app.ops.TransportStatsSource;
import dev.mtserver.domain.content.ArchiveFolderUseCase;
import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.FolderArchiveService;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.form.SubmissionService;
import dev.mtserver.domain.posting.AcceptUploadService;
import dev.mtserver.domain.posting.SubmitFormService;
import dev.mtserver.domain.script.ScriptService;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadService;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.form.FormLimits;
import dev.mtserver.http.engine.ExchangeListener;
import dev.mtserver.http.engine.Http1ConnectionHandler;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.site.SiteRouter;
import dev.mtserver.http.site.admin.AdminEndpoints;
import dev.mtserver.http.site.admin.MetricsPage;
import dev.mtserver.http.site.admin.ServerMetrics;
import dev.mtserver.http.site.admin.ShedLoad;
import dev.mtserver.http.site.content.ContentFeatures;
import dev.mtserver.http.site.content.FolderArchiveHandler;
import dev.mtserver.http.site.content.StaticContentHandler;
import dev.mtserver.http.site.content.StaticContentOptions;
import dev.mtserver.http.site.forms.FormHandler;
import dev.mtserver.http.site.forms.UploadHandler;
import dev.mtserver.http.site.script.ScriptHandler;
import dev.mtserver.transport.socket.SocketServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a whole server from its settings, once, in the order it reads: the directories, then
 * operations (the access log and the metrics, opened first so they hear the very last request),
 * storage and dynamic content (the adapters, chosen by {@link Adapters}), the site (the domain's
 * use cases on those ports, and the HTTP handlers on the use cases), the HTTP engine, and the
 * transport that drives it. Every part is built by constructor from what the parts before it
 * returned; nothing is {@code null} and nothing is looked up later.
 */
final class ServerAssembly {

  private static final Logger log = LoggerFactory.getLogger(ServerAssembly.class);

  private ServerAssembly() {}

  /**
   * Wires the server and starts it accepting connections.
   *
   * @throws UnsafeLayoutException if the data directory would be served or share a tree with the
   *     uploads directory ({@link DirectoryLayout}); nothing has been created then
   * @throws NotDirectoryException if the root exists but is not a directory
   * @throws IOException if the access log cannot be opened, or the port not bound
   */
  static MtServer start(ServerSettings settings, StorageDecorator decorator) throws IOException {
    prepareDirectories(settings);
    Resources resources = new Resources();
    try {
      Operations operations = operations(settings.operations(), resources);
      Storage storage = Adapters.storage(settings, decorator, resources);
      Scripts scripts = Adapters.scripts(settings, storage, resources);
      MemoryBudget memory = MemoryBudget.of(settings.requestMemory());
      SiteRouter site = site(settings, storage, scripts, operations.metrics(), memory);
      AtomicReference<SocketServer> started = new AtomicReference<>();
      var stats =
          new TransportStatsSource(
              () -> started.get() == null ? null : started.get().stats(),
              () ->
                  operations.draining().get()
                      || (started.get() != null && started.get().draining()));
      Http1ConnectionHandler http = engine(site, stats, operations, memory);
      warnAboutLimits(settings, storage, operations.settings());
      SocketServer transport = Adapters.transport(settings, http);
      started.set(transport);
      InetSocketAddress address = transport.start();
      log.info(
          "Uploads go to {} ({})",
          storage.uploadsLocation(),
          storage
              .uploads()
              .area()
              .directory()
              .map(dir -> "served at " + dir.toUriPath())
              .orElse("not served"));
      if (scripts.runner().isPresent()) {
        log.info("PHP pages run through {}", scripts.description());
      }
      return new MtServer(
          transport, address, operations, storage.uploads().area(), scripts, resources);
    } catch (IOException | RuntimeException e) {
      resources.close();
      throw e;
    }
  }

  /**
   * What the server keeps for its operators: the settings, the access log ({@link AccessLog#OFF}
   * when off), the HTTP-level metrics, and whether a graceful shutdown has begun.
   */
  record Operations(
      OperationsSettings settings,
      AccessLog accessLog,
      ServerMetrics metrics,
      AtomicBoolean draining) {}

  /**
   * Checks the layout before anything is created, installs the starter site where there is no root,
   * and creates the uploads and data directories.
   */
  private static void prepareDirectories(ServerSettings settings) throws IOException {
    Directories directories = settings.directories();
    DirectoryLayout.check(
        directories.root(),
        directories.uploads(),
        directories.data(),
        settings.operations().accessLog() instanceof AccessLogTarget.ToFile file
            ? Optional.of(file.file())
            : Optional.empty());
    if (StarterSite.installIfMissing(directories.root())) {
      log.info("Created {} with the bundled starter site", directories.root().toAbsolutePath());
    }
    if (!Files.isDirectory(directories.root())) {
      throw new NotDirectoryException(directories.root().toString());
    }
    Files.createDirectories(directories.uploads());
    Files.createDirectories(directories.data());
  }

  /** The access log (before listening: a bad path fails now) and the metrics. */
  private static Operations operations(OperationsSettings settings, Resources resources)
      throws IOException {
    AccessLog accessLog = resources.add("the access log", AccessLog.open(settings.accessLog()));
    return new Operations(settings, accessLog, new ServerMetrics(), new AtomicBoolean());
  }

  /**
   * The site: the domain's use cases on the storage and script ports (metered where the metrics
   * count what they do), and the handlers on the use cases, innermost first — static files (uploads
   * among them served as data), forms and uploads, and PHP pages when a runner was chosen. The
   * router picks one per request.
   */
  private static SiteRouter site(
      ServerSettings settings,
      Storage storage,
      Scripts scripts,
      ServerMetrics metrics,
      MemoryBudget memory) {
    UploadArea uploadArea =
        storage.uploads().area(); // the upload store says where its files appear
    BrowsingSettings browsing = settings.browsing();
    var content =
        new StaticContentService(
            storage.site(),
            settings.content().directoryListing()
                ? DirectoryListings.ENABLED
                : DirectoryListings.DISABLED,
            browsing.uploadsListing() ? DirectoryListings.ENABLED : DirectoryListings.DISABLED,
            uploadArea);
    Optional<ArchiveFolderUseCase> archives =
        browsing.archives().maxFiles() > 0
            ? Optional.of(new FolderArchiveService(storage.site(), content, browsing.archives()))
            : Optional.empty();
    var submissions =
        new MeteredSubmissions(
            new SubmissionService(storage.submissions(), Clock.systemUTC()), metrics);
    var uploads = new MeteredUploads(new UploadService(storage.uploads()), metrics);

    HttpHandler staticFiles =
        new StaticContentHandler(
            content,
            StaticContentOptions.withCacheControl(settings.content().cacheControl()),
            new ContentFeatures(
                browsing.compress(), archives.isPresent(), browsing.singlePage(), uploadArea));
    // ?archive=zip in front of the files, a handler with its own use case (ADR 0044)
    HttpHandler files =
        archives.isPresent() ? new FolderArchiveHandler(archives.get(), staticFiles) : staticFiles;
    var forms =
        new FormHandler(
            new SubmitFormService(content, submissions), files, FormLimits.defaults(), memory);
    var multipart =
        new CountedUploadRefusals(
            new UploadHandler(
                new AcceptUploadService(content, uploads, submissions, uploadArea),
                files,
                settings.uploads(),
                memory),
            metrics);
    SiteRouter.Builder routes = SiteRouter.builder(files).forms(forms, multipart);
    scripts
        .runner()
        .ifPresent(
            runner ->
                routes.scripts(
                    new ScriptHandler(
                        new ScriptService(storage.scripts(), runner, uploadArea),
                        files,
                        settings.uploads().maxUploadSize())));
    return routes.build();
  }

  /**
   * The HTTP engine, with {@code /healthz} and {@code /metrics} in front of the site (and of the
   * 503 a connection shed under overload gets, so they stay reachable), and the metrics and the
   * access log hearing every exchange.
   */
  private static Http1ConnectionHandler engine(
      SiteRouter site, TransportStatsSource stats, Operations operations, MemoryBudget memory) {
    OperationsSettings settings = operations.settings();
    Optional<MetricsPage> metricsPage =
        settings.metrics()
            ? Optional.of(new MetricsPage(operations.metrics(), stats, memory, MtServer.version()))
            : Optional.empty();
    HttpHandler served = new AdminEndpoints(site, stats, settings.health(), metricsPage);
    HttpHandler whileOverloaded =
        new AdminEndpoints(new ShedLoad(), stats, settings.health(), metricsPage);
    ExchangeListener listeners =
        ExchangeListener.all(List.of(operations.metrics(), operations.accessLog().listener()));
    return new Http1ConnectionHandler(
        served,
        HttpLimits.defaults(),
        MtServer.serverSoftware(),
        listeners,
        memory,
        whileOverloaded);
  }

  /**
   * Says once, at start, what could bite later: too few descriptors, a tight heap, shadowed files.
   */
  private static void warnAboutLimits(
      ServerSettings settings, Storage storage, OperationsSettings operations) {
    DescriptorBudget.shortfall(settings, DescriptorBudget.processLimit()).ifPresent(log::warn);
    HeapBudget.warnIfTight(settings, Runtime.getRuntime().maxMemory());
    warnAboutShadowedFiles(storage.localRoot(), operations);
  }

  /**
   * An endpoint that is on answers its path even when the root has a file of that name: say so
   * once, at start, so nobody wonders why their file is not served.
   */
  private static void warnAboutShadowedFiles(Path root, OperationsSettings operations) {
    if (operations.health() && Files.exists(root.resolve("healthz"), LinkOption.NOFOLLOW_LINKS)) {
      log.warn(
          "{} exists but GET /healthz answers the health check; use --healthz off to serve the"
              + " file",
          root.resolve("healthz"));
    }
    if (operations.metrics() && Files.exists(root.resolve("metrics"), LinkOption.NOFOLLOW_LINKS)) {
      log.warn(
          "{} exists but GET /metrics answers with the metrics; use --metrics off to serve the"
              + " file",
          root.resolve("metrics"));
    }
  }
}
