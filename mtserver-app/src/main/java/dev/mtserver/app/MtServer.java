package dev.mtserver.app;

import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.form.SubmissionService;
import dev.mtserver.domain.path.InvalidSitePathException;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadService;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.codec.form.FormLimits;
import dev.mtserver.http.server.Http1ConnectionHandler;
import dev.mtserver.http.server.HttpHandler;
import dev.mtserver.http.server.SiteRouter;
import dev.mtserver.http.server.StaticContentHandler;
import dev.mtserver.http.server.forms.FormHandler;
import dev.mtserver.http.server.forms.UploadHandler;
import dev.mtserver.http.server.forms.UploadLimits;
import dev.mtserver.http.server.forms.UploadedFilesHandler;
import dev.mtserver.http.server.StaticContentOptions;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.FileSystemUploadStore;
import dev.mtserver.storage.fs.JsonLinesSubmissionLog;
import dev.mtserver.storage.fs.SiteRoot;
import dev.mtserver.storage.fs.SmallFileCache;
import dev.mtserver.transport.socket.SocketServer;
import dev.mtserver.transport.socket.TransportConfig;
import dev.mtserver.transport.socket.TransportStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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

  private final SocketServer transport;
  private final InetSocketAddress address;
  private final JsonLinesSubmissionLog submissionLog;

  private MtServer(SocketServer transport, InetSocketAddress address, JsonLinesSubmissionLog submissionLog) {
    this.transport = transport;
    this.address = address;
    this.submissionLog = submissionLog;
  }

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
    return start(settings, StorageDecorator.NONE);
  }

  /**
   * As {@link #start(ServerSettings)}, with the storage adapters wrapped by {@code storage}
   * before they are wired: how tests put a faulty disk under the real server.
   */
  public static MtServer start(ServerSettings settings, StorageDecorator storage) throws IOException {
    if (StarterSite.installIfMissing(settings.root())) {
      log.info("Created {} with the bundled starter site", settings.root().toAbsolutePath());
    }
    if (!Files.isDirectory(settings.root())) {
      throw new NotDirectoryException(settings.root().toString());
    }
    Files.createDirectories(settings.uploads());
    Files.createDirectories(settings.data());

    SiteRoot siteRoot = new SiteRoot(settings.root());
    ContentSettings contentSettings = settings.content();
    var fileCache = new SmallFileCache(
        ContentSettings.FILE_CACHE_MAX_FILE_BYTES, contentSettings.fileCacheBytes());
    var content = new StaticContentService(
        storage.content(new FileSystemSite(siteRoot, fileCache)),
        contentSettings.directoryListing() ? DirectoryListings.ENABLED : DirectoryListings.DISABLED);
    var uploadStore = new FileSystemUploadStore(settings.uploads()); // removes stale temp files
    UploadArea uploadArea = uploadArea(siteRoot.path(), uploadStore.directory());
    JsonLinesSubmissionLog submissionLog =
        JsonLinesSubmissionLog.open(settings.data().resolve(SUBMISSIONS_FILE));
    try {
      return start(settings, storage, content, uploadStore, uploadArea, submissionLog);
    } catch (IOException | RuntimeException e) {
      submissionLog.close();
      throw e;
    }
  }

  private static MtServer start(
      ServerSettings settings,
      StorageDecorator storage,
      StaticContentService content,
      FileSystemUploadStore uploadStore,
      UploadArea uploadArea,
      JsonLinesSubmissionLog submissionLog)
      throws IOException {
    var submissions = new SubmissionService(storage.submissions(submissionLog), Clock.systemUTC());
    var staticContent = new StaticContentHandler(
        content, StaticContentOptions.withCacheControl(settings.content().cacheControl()));
    HttpHandler files = new UploadedFilesHandler(staticContent, uploadArea);
    var forms = new FormHandler(content, submissions, files, FormLimits.defaults());
    var uploads = new UploadHandler(content, new UploadService(storage.uploads(uploadStore)), submissions,
        uploadArea, files, UploadLimits.of(settings.maxUploadSize(), settings.maxParts()));
    var router = new SiteRouter(files, forms, uploads);
    var http = new Http1ConnectionHandler(router, HttpLimits.defaults(), "MTServer/" + version());

    ConnectionSettings connections = settings.connections();
    TransportConfig transportConfig = TransportConfig.builder(settings.bindAddress())
        .port(settings.port())
        .portFallbacks(settings.portFallbacks())
        .threadMode(settings.threadMode())
        .maxConnections(settings.maxConnections())
        .backlog(connections.backlog())
        .headerTimeout(connections.headerTimeout())
        .bodyTimeout(connections.bodyTimeout())
        .idleTimeout(connections.idleTimeout())
        .writeTimeout(connections.writeTimeout())
        .shutdownGrace(connections.shutdownGrace())
        .build();
    SocketServer transport = new SocketServer(transportConfig, http);
    InetSocketAddress address = transport.start();
    log.info("Uploads go to {} ({})", uploadStore.directory(),
        uploadArea.directory().map(dir -> "served at " + dir.toUriPath()).orElse("not served"));
    return new MtServer(transport, address, submissionLog);
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
        ? "[" + address.getAddress().getHostAddress().replace("%", "%25") + "]"
        : address.getAddress().getHostAddress();
    return URI.create("http://" + host + ":" + address.getPort() + "/");
  }

  /** The transport's counters now: connections, requests, refusals. */
  public TransportStats stats() {
    return transport.stats();
  }

  /**
   * The graceful shutdown that SIGTERM and SIGINT run: stop accepting, close idle connections,
   * let requests in flight finish within the shutdown grace, cut off the rest, log a summary.
   *
   * @return the final counters
   */
  public TransportStats shutdown() {
    try {
      return transport.shutdown();
    } finally {
      closeQuietly(submissionLog); // after the last request that could append to it
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
