package dev.mtserver.app;

import dev.mtserver.app.ops.AccessLog;
import dev.mtserver.app.ops.AccessLogTarget;
import dev.mtserver.app.ops.CountedUploadRefusals;
import dev.mtserver.app.ops.MeteredSubmissions;
import dev.mtserver.app.ops.MeteredUploads;
import dev.mtserver.app.ops.OperationsSettings;
import dev.mtserver.app.ops.TransportStatsSource;
import dev.mtserver.domain.access.AccessPolicyService;
import dev.mtserver.domain.access.AccessScope;
import dev.mtserver.domain.access.AuthorizeRequestUseCase;
import dev.mtserver.domain.access.CheckCredentialsPort;
import dev.mtserver.domain.access.FailureThrottle;
import dev.mtserver.domain.content.ArchiveFolderUseCase;
import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.FolderArchiveService;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.form.SubmissionService;
import dev.mtserver.domain.posting.AcceptUploadService;
import dev.mtserver.domain.posting.SubmitFormService;
import dev.mtserver.domain.resumable.ExpirySweeper;
import dev.mtserver.domain.resumable.ResumableUploadService;
import dev.mtserver.domain.resumable.SweepReport;
import dev.mtserver.domain.script.ScriptService;
import dev.mtserver.domain.script.routing.ScriptRoutes;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadService;
import dev.mtserver.domain.upload.named.NamedFileService;
import dev.mtserver.domain.upload.named.NamedFileStorePort;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.form.FormLimits;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.ExchangeListener;
import dev.mtserver.http.engine.Http1ConnectionHandler;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseHeaderPolicy;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.site.SiteRouter;
import dev.mtserver.http.site.access.AccessGuard;
import dev.mtserver.http.site.access.CorsHandler;
import dev.mtserver.http.site.access.CorsPolicy;
import dev.mtserver.http.site.admin.AdminEndpoints;
import dev.mtserver.http.site.admin.MetricsPage;
import dev.mtserver.http.site.admin.ServerMetrics;
import dev.mtserver.http.site.admin.ShedLoad;
import dev.mtserver.http.site.admin.StoreHealth;
import dev.mtserver.http.site.content.ContentFeatures;
import dev.mtserver.http.site.content.FolderArchiveHandler;
import dev.mtserver.http.site.content.StaticContentHandler;
import dev.mtserver.http.site.content.StaticContentOptions;
import dev.mtserver.http.site.forms.FormHandler;
import dev.mtserver.http.site.forms.UploadHandler;
import dev.mtserver.http.site.https.HttpsRedirect;
import dev.mtserver.http.site.https.StrictTransportSecurity;
import dev.mtserver.http.site.named.DeleteFileHandler;
import dev.mtserver.http.site.named.NamedFileMethods;
import dev.mtserver.http.site.named.NamedFilesUnavailable;
import dev.mtserver.http.site.named.PutFileHandler;
import dev.mtserver.http.site.resumable.ResumableUploadHandler;
import dev.mtserver.http.site.script.ScriptHandler;
import dev.mtserver.threads.ThreadSource;
import dev.mtserver.transport.socket.SocketServer;
import dev.mtserver.transport.tls.ServerTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

  /** For {@code /healthz}'s questions to remote stores (ADR 0038: every thread from one source). */
  private static final ThreadSource THREADS = new ThreadSource();

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
    refuseInsecureAuth(settings);
    prepareDirectories(settings);
    Resources resources = new Resources();
    try {
      Operations operations = operations(settings.operations(), resources);
      Storage storage = Adapters.storage(settings, decorator, resources);
      Scripts scripts = Adapters.scripts(settings, storage, resources);
      MemoryBudget memory = MemoryBudget.of(settings.requestMemory());
      Optional<HttpHandler> resumable =
          resumableUploads(settings, storage, operations.metrics(), memory, resources);
      SiteRouter site = site(settings, storage, scripts, operations.metrics(), memory, resumable);
      AuthorizeRequestUseCase access = access(settings, resources);
      AtomicReference<SocketServer> started = new AtomicReference<>();
      var stats =
          new TransportStatsSource(
              started::get,
              () ->
                  operations.draining().get()
                      || (started.get() != null && started.get().draining()));
      StoreChecks storeChecks =
          resources.add("the store checks", new StoreChecks(storage.remoteStores(), THREADS));
      Http1ConnectionHandler http =
          engine(site, stats, operations, memory, storeChecks, settings, access);
      warnAboutLimits(settings, storage, operations.settings());
      Optional<ServerTls> tls = Adapters.tls(settings, resources);
      SocketServer transport = Adapters.transport(settings, http, tls);
      started.set(transport);
      InetSocketAddress address = transport.start();
      Optional<InetSocketAddress> redirect =
          redirectListener(settings, address.getPort(), operations, memory, resources);
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
          transport,
          address,
          operations,
          storage.uploads().area(),
          scripts,
          resources,
          tls,
          redirect,
          storage.resumable().isPresent());
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
    Optional<Path> accessLogFile =
        settings.operations().accessLog() instanceof AccessLogTarget.ToFile file
            ? Optional.of(file.file())
            : Optional.empty();
    if (settings.shared().site().isPresent()) {
      // The site is in a bucket: only the data directory is on this disk, and nothing of it is
      // served; but uploads kept here (a mixed layout) are, so they must stay apart from the data.
      if (settings.shared().uploadsOnThisHost()) {
        DirectoryLayout.check(
            directories.uploads(), directories.uploads(), directories.data(), accessLogFile);
      }
      Files.createDirectories(directories.data());
      return;
    }
    DirectoryLayout.check(
        directories.root(), directories.uploads(), directories.data(), accessLogFile);
    if (StarterSite.installIfMissing(directories.root())) {
      log.info("Created {} with the bundled starter site", directories.root().toAbsolutePath());
    }
    if (!Files.isDirectory(directories.root())) {
      throw new NotDirectoryException(directories.root().toString());
    }
    if (settings.shared().uploadsOnThisHost()) { // else mounted from a bucket at /downloads/
      Files.createDirectories(directories.uploads());
    }
    Files.createDirectories(directories.data());
  }

  /** The access log (before listening: a bad path fails now) and the metrics. */
  private static Operations operations(OperationsSettings settings, Resources resources)
      throws IOException {
    AccessLog accessLog =
        resources.add("the access log", AccessLog.open(settings.accessLog(), THREADS));
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
      MemoryBudget memory,
      Optional<HttpHandler> resumable) {
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
                    new ScriptRoutes(
                        storage.site(), uploadArea, settings.scripts().frontController()),
                    new ScriptHandler(
                            new ScriptService(storage.scripts(), runner, uploadArea),
                            files,
                            settings.uploads().maxUploadSize())
                        ::run));
    resumable.ifPresent(handler -> routes.resumable(ResumableUploadHandler.BASE, handler));
    namedFiles(routes, settings, storage, memory);
    return routes.build();
  }

  /**
   * {@code PUT} and {@code DELETE} of files in the uploads area (ADR 0046), on the upload store
   * when it can name files (the file system and the object store both can); replacing and removing
   * only with an auth file, since then the access guard asks credentials for every write. An upload
   * store that cannot answers them with 501 in the uploads area.
   */
  private static void namedFiles(
      SiteRouter.Builder routes, ServerSettings settings, Storage storage, MemoryBudget memory) {
    if (!(storage.uploads() instanceof NamedFileStorePort store)) {
      HttpHandler unavailable =
          new NamedFilesUnavailable(
              storage.uploads().area(),
              "This upload store does not take PUT or DELETE; upload with a multipart POST");
      routes.namedFiles(unavailable, unavailable, path -> NamedFileMethods.PAGE);
      return;
    }
    var files = new NamedFileService(store, settings.access().authFile().isPresent());
    var methods = new NamedFileMethods(files);
    routes.namedFiles(
        new PutFileHandler(files, methods, settings.uploads().maxUploadSize(), memory),
        new DeleteFileHandler(files, methods),
        methods::allow);
  }

  /**
   * The plain listener of {@code --redirect-http}, if asked for: its own engine, whose only handler
   * answers 308 to the HTTPS listener at {@code httpsPort} ({@link HttpsRedirect}); its exchanges
   * go to the access log too. Registered with {@code resources}, so it stops with the server.
   */
  private static Optional<InetSocketAddress> redirectListener(
      ServerSettings settings,
      int httpsPort,
      Operations operations,
      MemoryBudget memory,
      Resources resources)
      throws IOException {
    if (settings.https().redirectHttpPort().isEmpty()) {
      return Optional.empty();
    }
    var redirects =
        new Http1ConnectionHandler(
            new HttpsRedirect(httpsPort),
            HttpLimits.defaults(),
            MtServer.serverSoftware(),
            operations.accessLog().listener(),
            memory,
            new ShedLoad());
    SocketServer listener =
        resources.add(
            "the redirect listener",
            Adapters.redirectTransport(
                settings, settings.https().redirectHttpPort().getAsInt(), redirects));
    return Optional.of(listener.start());
  }

  /**
   * Basic credentials never cross a reachable plain-HTTP listener unless the operator says so (ADR
   * 0040); the question whether the listener speaks TLS is the settings' ({@link
   * ServerSettings#listenerIsTls()}).
   */
  private static void refuseInsecureAuth(ServerSettings settings) {
    settings
        .access()
        .insecureAuthProblem(settings.transport().bindAddress(), settings.listenerIsTls())
        .ifPresent(
            problem -> {
              throw new RefusedSettingException("--auth-file", problem, null);
            });
  }

  /**
   * The access policy (ADR 0040): the domain's use case on the credentials port {@link Adapters}
   * chose, guarding writes or everything but {@code /healthz}, with its failure throttle.
   */
  private static AuthorizeRequestUseCase access(ServerSettings settings, Resources resources) {
    AccessSettings access = settings.access();
    Optional<CheckCredentialsPort> identities = Adapters.credentials(settings, resources);
    identities.ifPresent(
        port ->
            log.info(
                "Credentials from {} needed for {}",
                access.authFile().orElseThrow(),
                access.scope() == AccessScope.ALL ? "every request but /healthz" : "writes"));
    return new AccessPolicyService(
        identities,
        access.scope(),
        Set.of(AdminEndpoints.HEALTH),
        FailureThrottle.allowing(access.maxFailures()));
  }

  /**
   * The tus endpoint at {@code /files/} (ADR 0034, 0043) on the resumable store {@link Adapters}
   * chose: expired uploads are swept now, before the first request, and then periodically on a
   * daemon thread of the {@link ThreadSource}, stopped with the server. Empty when resumable
   * uploads are off; when they are on but the uploads area has no resumable store, a handler that
   * answers every request below {@code /files/} with 404 saying why.
   */
  private static Optional<HttpHandler> resumableUploads(
      ServerSettings settings,
      Storage storage,
      ServerMetrics metrics,
      MemoryBudget memory,
      Resources resources) {
    ResumableSettings resumable = settings.resumable();
    if (!resumable.enabled()) {
      return Optional.empty();
    }
    if (storage.resumable().isEmpty()) {
      log.warn(
          "Resumable uploads (/files/) are unavailable: the uploads area ({}) has no resumable"
              + " store; /files/ answers 404 (--no-resumable-uploads silences this)",
          storage.uploadsLocation());
      return Optional.of(
          request -> {
            HttpResponse response = ErrorResponses.of(404, RESUMABLE_UNAVAILABLE);
            response.headers().set("Tus-Resumable", "1.0.0");
            return response;
          });
    }
    var service =
        new ResumableUploadService(
            storage.resumable().get(),
            resumable.limits(settings.uploads().maxUploadSize()),
            storage.uploads().area(),
            // an upload's note is recorded as the multipart form's is (ADR 0048)
            new MeteredSubmissions(
                new SubmissionService(storage.submissions(), Clock.systemUTC()), metrics));
    var sweeper = new ExpirySweeper(service, resumable.sweepInterval(), new SweepLog());
    try {
      SweepReport first = sweeper.sweepNow();
      new SweepLog().swept(first);
    } catch (IOException e) {
      log.warn("The start-up sweep of resumable uploads failed; the next runs as planned", e);
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            THREADS.daemonThreads("mtserver-resumable-sweep"));
    resources.add("the resumable-upload sweeper", scheduler::shutdownNow);
    // Stopped by the scheduler's shutdown; the sweeper reports its own failures to the SweepLog.
    var unused = sweeper.scheduleOn(scheduler);
    return Optional.of(new ResumableUploadHandler(service, memory));
  }

  /** What {@code /files/} says when the uploads area has no resumable store. */
  static final String RESUMABLE_UNAVAILABLE =
      "resumable uploads are not available where this server keeps uploads";

  /** Logs what a sweep of resumable uploads did, when it did anything. */
  private static final class SweepLog implements ExpirySweeper.Listener {
    @Override
    public void swept(SweepReport report) {
      if (report.isNoteworthy()) {
        log.info(
            "Resumable uploads swept: {} expired and removed, {} published, {} busy, {} failed",
            report.expired(),
            report.published(),
            report.busy(),
            report.failures().size());
        report
            .failures()
            .forEach(e -> log.warn("Sweeping a resumable upload failed: {}", e.toString()));
      }
    }

    @Override
    public void failed(Exception e) {
      log.warn("A sweep of resumable uploads failed; the next runs as planned", e);
    }
  }

  /**
   * The HTTP engine, with {@code /healthz} and {@code /metrics} in front of the site (and of the
   * 503 a connection shed under overload gets, so they stay reachable), and the metrics and the
   * access log hearing every exchange.
   */
  private static Http1ConnectionHandler engine(
      HttpHandler site,
      TransportStatsSource stats,
      Operations operations,
      MemoryBudget memory,
      StoreHealth stores,
      ServerSettings serverSettings,
      AuthorizeRequestUseCase access) {
    OperationsSettings settings = operations.settings();
    Optional<MetricsPage> metricsPage =
        settings.metrics()
            ? Optional.of(new MetricsPage(operations.metrics(), stats, memory, MtServer.version()))
            : Optional.empty();
    HttpHandler served = new AdminEndpoints(site, stats, settings.health(), metricsPage, stores);
    // who may call: the access guard in front of everything (ADR 0040), CORS in front of it
    if (access.identitiesConfigured()) {
      served = new AccessGuard(access, served, serverSettings.access().realm());
    }
    Optional<CorsPolicy> cors = serverSettings.access().cors();
    if (cors.isPresent()) {
      served = new CorsHandler(cors.get(), served);
    }
    HttpHandler whileOverloaded =
        new AdminEndpoints(new ShedLoad(), stats, settings.health(), metricsPage, stores);
    ExchangeListener listeners =
        ExchangeListener.all(List.of(operations.metrics(), operations.accessLog().listener()));
    // --hsts: on every response of the HTTPS listener, the engine's own errors too (ADR 0039)
    ResponseHeaderPolicy policy =
        serverSettings
            .https()
            .hsts()
            .map(StrictTransportSecurity::policy)
            .orElse(ResponseHeaderPolicy.NONE);
    return new Http1ConnectionHandler(
        served,
        HttpLimits.defaults(),
        MtServer.serverSoftware(),
        listeners,
        memory,
        whileOverloaded,
        policy);
  }

  /**
   * Says once, at start, what could bite later: too few descriptors, a tight heap, shadowed files.
   */
  private static void warnAboutLimits(
      ServerSettings settings, Storage storage, OperationsSettings operations) {
    DescriptorBudget.shortfall(settings, DescriptorBudget.processLimit()).ifPresent(log::warn);
    HeapBudget.warnIfTight(settings, Runtime.getRuntime().maxMemory());
    if (settings.shared().site().isEmpty()) { // a site in a bucket has no files on this disk
      warnAboutShadowedFiles(storage.localRoot(), operations);
    }
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
