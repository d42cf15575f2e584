package dev.mtserver.app;

import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.auth.htpasswd.HtpasswdCredentials;
import dev.mtserver.auth.htpasswd.HtpasswdException;
import dev.mtserver.domain.access.CheckCredentialsPort;
import dev.mtserver.domain.form.AppendSubmissionPort;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.resumable.ResumableUploadStorePort;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.dynamic.cgi.CgiConfig;
import dev.mtserver.dynamic.cgi.CgiScriptRunner;
import dev.mtserver.dynamic.fastcgi.FastCgiAddress;
import dev.mtserver.dynamic.fastcgi.FastCgiConfig;
import dev.mtserver.dynamic.fastcgi.FastCgiScriptRunner;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.spi.ConnectionHandler;
import dev.mtserver.storage.fs.FileSystemResumableUploadStore;
import dev.mtserver.storage.fs.FileSystemScripts;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.FileSystemUploadStore;
import dev.mtserver.storage.fs.JsonLinesSubmissionLog;
import dev.mtserver.storage.fs.SiteRoot;
import dev.mtserver.storage.fs.SmallFileCache;
import dev.mtserver.storage.postgres.PostgresConfig;
import dev.mtserver.storage.postgres.PostgresSubmissionLog;
import dev.mtserver.storage.s3.S3Connection;
import dev.mtserver.storage.s3.S3Location;
import dev.mtserver.storage.s3.S3Site;
import dev.mtserver.storage.s3.S3UploadStore;
import dev.mtserver.storage.s3.UploadSettings;
import dev.mtserver.threads.ThreadSource;
import dev.mtserver.transport.socket.SocketServer;
import dev.mtserver.transport.socket.TransportConfig;
import dev.mtserver.transport.tls.DevelopmentCertificate;
import dev.mtserver.transport.tls.KeyMaterialSource;
import dev.mtserver.transport.tls.PemFiles;
import dev.mtserver.transport.tls.Pkcs12File;
import dev.mtserver.transport.tls.ServerTls;
import dev.mtserver.transport.tls.TlsMaterialException;
import dev.mtserver.transport.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place where adapters are chosen and built: each of the domain's outbound ports gets its
 * adapter here, the HTTP engine gets its transport here, and nowhere else in the code base calls
 * {@code new} on an adapter ({@link ServerAssembly} wires what this returns, by its ports). A
 * choice is made by what the settings configure: a location, a flag.
 *
 * <p>Adding an adapter (docs/adr/0036) means its module, a {@code <module>} and a dependency in the
 * root pom, a dependency in the app's pom, and a case here. Every adapter module is wired, each
 * chosen by what the settings name: the file system (the default) or {@code mtserver-storage-s3}
 * (an {@code s3://} location, {@link #objectStore}) for the site and uploads; the JSON-lines file
 * or {@code mtserver-storage-postgres} (a {@code jdbc:postgresql:} URL, {@link #submissionLog}) for
 * submissions; {@code mtserver-dynamic-cgi} ({@code --php-cgi}) or {@code mtserver-dynamic-fastcgi}
 * ({@code --php-fpm}, {@link #phpFpm}) for scripts; {@code mtserver-transport-tls} ({@code
 * --tls-*}, {@link #tls}) for the listener's keys; {@code mtserver-auth-htpasswd} ({@code
 * --auth-file}, {@link #credentials}) for who may write. What an adapter needs to be configured
 * arrives as settings; the flags that set them are the command line's.
 */
final class Adapters {

  /**
   * Where every thread of the server's modules comes from (ADR 0038); it holds no state of its own.
   */
  private static final ThreadSource THREADS = new ThreadSource();

  private Adapters() {}

  /**
   * The stores behind the domain's storage ports, each wrapped by {@code decorator} (tests put a
   * faulty disk there): the file system for the site, the uploads and the scripts, unless the site
   * is in a bucket ({@link #objectStore}); the JSON-lines file for submissions, unless a database
   * is named ({@link #submissionLog}); unfinished resumable uploads in {@code DATA/resumable/} when
   * they are on and the uploads are on this host's disk. What is opened is registered with {@code
   * resources} to be closed.
   */
  static Storage storage(ServerSettings settings, StorageDecorator decorator, Resources resources)
      throws IOException {
    SharedStorage shared = settings.shared();
    if (shared.site().isPresent()) {
      return shared.uploads().isPresent()
          ? objectStore(settings, decorator, resources)
          : bucketSiteWithUploadsHere(settings, decorator, resources);
    }
    if (shared.uploads().isPresent()) {
      return siteHereWithUploadsInBucket(settings, decorator, resources);
    }
    Directories directories = settings.directories();
    var uploads =
        new FileSystemUploadStore(
            directories.uploads(), directories.root()); // removes stale temp files
    var root = new SiteRoot(directories.root(), uploads.directory());
    var cache =
        new SmallFileCache(ResponseBody.COALESCE_BYTES, settings.content().fileCacheBytes());
    List<StoreProbe> remote = new ArrayList<>();
    var submissions = submissionLog(settings, resources, remote);
    // Unfinished resumable uploads: in the data directory, never served; published into uploads.
    Optional<ResumableUploadStorePort> resumable =
        settings.resumable().enabled()
            ? Optional.of(
                new FileSystemResumableUploadStore(
                    directories.data().resolve(MtServer.RESUMABLE_DIRECTORY), uploads))
            : Optional.empty();
    return new Storage(
        decorator.content(new FileSystemSite(root, cache, settings.content().openFileCache())),
        decorator.uploads(uploads),
        decorator.submissions(submissions),
        new FileSystemScripts(root, uploads.directory()),
        root.path(),
        uploads.directory().toString(),
        remote,
        resumable);
  }

  // --- issue 15: the object store and the database (ADR 0042) ---------------------------------

  /**
   * The site and its uploads in an S3-compatible bucket ({@code --root s3://...}): one connection
   * (one pool, one set of timers) for both, the bucket checked before anything else is opened (one
   * line naming endpoint and bucket when it is missing or unreachable), the upload area swept of
   * what dead instances left. No scripts: PHP runs files on this host's disk, and the command line
   * refuses {@code --php-cgi} with a site in a bucket.
   */
  private static Storage objectStore(
      ServerSettings settings, StorageDecorator decorator, Resources resources) throws IOException {
    SharedStorage shared = settings.shared();
    S3Location siteLocation = shared.site().orElseThrow();
    S3Location uploadsLocation = shared.uploads().orElseThrow();
    S3Connection store = openBucket(shared, siteLocation, resources);
    if (!uploadsLocation.bucket().equals(siteLocation.bucket())) {
      store.requireBucket(uploadsLocation);
    }
    var uploads =
        S3UploadStore.open(store, uploadsLocation, siteLocation, UploadSettings.defaults());
    List<StoreProbe> remote = new ArrayList<>();
    remote.add(probe(shared, store, siteLocation));
    var submissions = submissionLog(settings, resources, remote);
    return new Storage(
        decorator.content(new S3Site(store, siteLocation)),
        decorator.uploads(uploads),
        decorator.submissions(submissions),
        script -> Optional.empty(), // never asked: no script runner with a site in a bucket
        settings.directories().root(),
        uploadsLocation.toString(),
        remote,
        Optional.empty()); // tus partials need this host's disk: /files/ says so (ADR 0042, 0043)
  }

  /** Where uploads appear when the site and its uploads are kept in different stores. */
  private static final SitePath MOUNTED_UPLOADS =
      SitePath.parse("/" + Directories.DEFAULT_UPLOADS + "/");

  /**
   * A site in a bucket with its uploads in a directory on this host ({@code --root s3://...
   * --uploads DIR}, ADR 0042): the directory is mounted at {@code /downloads/} of the site ({@link
   * MountedUploads}), shadowing the bucket's {@code downloads/}, and resumable uploads work (their
   * partial files and the uploads share this disk). No scripts, as with any bucket site.
   */
  private static Storage bucketSiteWithUploadsHere(
      ServerSettings settings, StorageDecorator decorator, Resources resources) throws IOException {
    SharedStorage shared = settings.shared();
    S3Location siteLocation = shared.site().orElseThrow();
    S3Connection store = openBucket(shared, siteLocation, resources);
    Directories directories = settings.directories();
    var uploads = new FileSystemUploadStore(directories.uploads(), UploadArea.at(MOUNTED_UPLOADS));
    var uploadsSite =
        new FileSystemSite(
            new SiteRoot(uploads.directory()),
            new SmallFileCache(ResponseBody.COALESCE_BYTES, settings.content().fileCacheBytes()),
            settings.content().openFileCache());
    List<StoreProbe> remote = new ArrayList<>();
    remote.add(probe(shared, store, siteLocation));
    var submissions = submissionLog(settings, resources, remote);
    Optional<ResumableUploadStorePort> resumable =
        settings.resumable().enabled()
            ? Optional.of(
                new FileSystemResumableUploadStore(
                    directories.data().resolve(MtServer.RESUMABLE_DIRECTORY), uploads))
            : Optional.empty();
    return new Storage(
        decorator.content(
            new MountedUploads(new S3Site(store, siteLocation), MOUNTED_UPLOADS, uploadsSite)),
        decorator.uploads(uploads),
        decorator.submissions(submissions),
        script -> Optional.empty(), // never asked: no script runner with a site in a bucket
        directories.root(),
        uploads.directory().toString(),
        remote,
        resumable);
  }

  /**
   * A site in a directory on this host with its uploads in a bucket ({@code --root DIR --uploads
   * s3://...}, ADR 0042): the bucket's prefix is mounted at {@code /downloads/} of the site ({@link
   * MountedUploads}), shadowing a {@code downloads/} directory of the root. PHP may run (from the
   * root, never below {@code /downloads/}); resumable uploads do not (their partial files would be
   * on this host only).
   */
  private static Storage siteHereWithUploadsInBucket(
      ServerSettings settings, StorageDecorator decorator, Resources resources) throws IOException {
    SharedStorage shared = settings.shared();
    S3Location uploadsLocation = shared.uploads().orElseThrow();
    S3Connection store = openBucket(shared, uploadsLocation, resources);
    var uploads =
        S3UploadStore.open(
            store, uploadsLocation, UploadArea.at(MOUNTED_UPLOADS), UploadSettings.defaults());
    var root = new SiteRoot(settings.directories().root());
    var cache =
        new SmallFileCache(ResponseBody.COALESCE_BYTES, settings.content().fileCacheBytes());
    List<StoreProbe> remote = new ArrayList<>();
    remote.add(probe(shared, store, uploadsLocation));
    var submissions = submissionLog(settings, resources, remote);
    return new Storage(
        decorator.content(
            new MountedUploads(
                new FileSystemSite(root, cache, settings.content().openFileCache()),
                MOUNTED_UPLOADS,
                new S3Site(store, uploadsLocation))),
        decorator.uploads(uploads),
        decorator.submissions(submissions),
        new FileSystemScripts(root, root.path().resolve(Directories.DEFAULT_UPLOADS)),
        root.path(),
        uploadsLocation.toString(),
        remote,
        Optional.empty()); // tus partials would stay on this host: /files/ says so (ADR 0042, 0043)
  }

  /** One connection to the object store, the bucket checked (one line, exit 1, when it fails). */
  private static S3Connection openBucket(
      SharedStorage shared, S3Location location, Resources resources) throws IOException {
    S3Connection store =
        resources.add(
            "the object store",
            S3Connection.open(shared.s3(), THREADS.daemonThreads("mtserver-s3-timer")));
    store.requireBucket(location);
    return store;
  }

  private static StoreProbe probe(SharedStorage shared, S3Connection store, S3Location location) {
    return new StoreProbe(
        "object store " + shared.s3().describe() + " " + location, () -> store.probe(location));
  }

  /**
   * The submission log: in PostgreSQL when {@code --submissions} names a database (connected,
   * migrated and added to {@code remote} for {@code /healthz}), else {@code
   * DATA/submissions.jsonl}.
   */
  private static AppendSubmissionPort submissionLog(
      ServerSettings settings, Resources resources, List<StoreProbe> remote) throws IOException {
    Optional<PostgresConfig> database = settings.shared().submissions();
    if (database.isPresent()) {
      PostgresSubmissionLog log =
          resources.add(
              "the submission log",
              PostgresSubmissionLog.open(
                  database.get(), THREADS.daemonThreads("mtserver-db-pool")));
      remote.add(new StoreProbe("database " + log.describe(), log::probe));
      return log;
    }
    return resources.add(
        "the submission log",
        JsonLinesSubmissionLog.open(
            settings.directories().data().resolve(MtServer.SUBMISSIONS_FILE)));
  }

  // --- end of issue 15's block ------------------------------------------------------------------

  /**
   * The runner behind the script port: php-cgi when {@code --php-cgi} is given, php-fpm over
   * FastCGI when {@code --php-fpm} is (never both: the settings refuse it), else none. php-cgi's
   * stderr drains run on threads from the one {@link ThreadSource}; php-fpm's runner gets one timer
   * thread from it (its watchdog and idle check). Either is registered with {@code resources} to be
   * closed (which kills php-cgi scripts still running, or closes the idle connections to php-fpm).
   */
  static Scripts scripts(ServerSettings settings, Storage storage, Resources resources)
      throws IOException {
    ScriptSettings scripts = settings.scripts();
    if (scripts.phpFpm().isPresent()) {
      return phpFpm(settings, storage, resources, scripts.phpFpm().get());
    }
    if (scripts.phpCgi().isEmpty()) {
      return Scripts.NONE;
    }
    CgiConfig config =
        new CgiConfig(
            scripts.phpCgi().get(),
            scripts.timeout(),
            scripts.maxScripts(),
            settings.directories().data().resolve(MtServer.SPOOL_DIRECTORY),
            storage.localRoot(),
            MtServer.serverSoftware());
    CgiScriptRunner runner =
        resources.add(
            "the script runner",
            new CgiScriptRunner(config, THREADS.daemonThreads("mtserver-script-stderr")));
    return new Scripts(
        Optional.of(runner),
        runner::running,
        scripts.phpCgi().get()
            + " ("
            + scripts.maxScripts()
            + " at once, "
            + scripts.timeout().toMillis() / 1000.0
            + " s each at most)");
  }

  /**
   * The transport that drives the HTTP engine: sockets, threads, deadlines, and TLS when {@code
   * tls} is given ({@link #tls}). Not started yet.
   */
  static SocketServer transport(
      ServerSettings settings, ConnectionHandler http, Optional<ServerTls> tls) {
    return new SocketServer(settings.transport(), http, THREADS, tls);
  }

  /**
   * The plain listener of {@code --redirect-http}: the main transport's settings on another port,
   * driving an engine that only redirects. Not started yet.
   */
  static SocketServer redirectTransport(ServerSettings settings, int port, ConnectionHandler http) {
    TransportConfig config = settings.transport().toBuilder().port(port).portFallbacks(0).build();
    return new SocketServer(config, http, THREADS);
  }

  /**
   * TLS for the transport (ADR 0039), from the key source the settings name: PEM files, a PKCS#12
   * keystore, or the development certificate in {@code DATA/tls/} (made on first use). Its files
   * are watched for renewals on a thread from the one {@link ThreadSource}; it is registered with
   * {@code resources} to be closed. Empty when TLS is off.
   *
   * @throws IOException when the key material cannot be served: the server must not start
   */
  static Optional<ServerTls> tls(ServerSettings settings, Resources resources) throws IOException {
    if (settings.https().keys().isEmpty()) {
      return Optional.empty();
    }
    try {
      KeyMaterialSource source =
          switch (settings.https().keys().get()) {
            case HttpsSettings.KeySource.PemFiles pem ->
                new PemFiles(pem.certificateChain(), pem.privateKey());
            case HttpsSettings.KeySource.Keystore keystore ->
                new Pkcs12File(keystore.file(), keystore.password());
            case HttpsSettings.KeySource.SelfSigned selfSigned ->
                DevelopmentCertificate.loadOrCreate(
                        settings.directories().data().resolve(MtServer.TLS_DIRECTORY),
                        List.of(settings.transport().bindAddress().getHostAddress()),
                        Clock.systemUTC())
                    .files();
          };
      return Optional.of(
          resources.add(
              "the certificate watcher",
              ServerTls.start(
                  source, TlsSettings.defaults(), THREADS.daemonThreads("mtserver-tls-reload"))));
    } catch (TlsMaterialException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /**
   * Who may pass, behind the domain's credentials port: the {@code htpasswd} file of {@code
   * --auth-file}, re-read when it changes by a watcher thread from the one {@link ThreadSource}
   * (registered with {@code resources} to be stopped); empty without one.
   *
   * @throws RefusedSettingException when the file cannot be used (its message says how to fix it)
   */
  static Optional<CheckCredentialsPort> credentials(ServerSettings settings, Resources resources) {
    Optional<Path> file = settings.access().authFile();
    if (file.isEmpty()) {
      return Optional.empty();
    }
    HtpasswdCredentials credentials;
    try {
      credentials = HtpasswdCredentials.load(file.get());
    } catch (HtpasswdException e) {
      throw new RefusedSettingException("--auth-file", e.getMessage(), e);
    }
    resources.add("the password file watcher", credentials);
    credentials.start(
        THREADS.daemonThreads("mtserver-auth-file"), AccessSettings.AUTH_FILE_CHECK_INTERVAL);
    return Optional.of(credentials);
  }

  /** php-fpm over FastCGI: a pool of kept connections, nothing connected until the first script. */
  private static Scripts phpFpm(
      ServerSettings settings, Storage storage, Resources resources, FastCgiAddress address)
      throws IOException {
    ScriptSettings scripts = settings.scripts();
    FastCgiConfig config =
        new FastCgiConfig(
            address,
            scripts.timeout(),
            scripts.fpmConnections(),
            FastCgiConfig.DEFAULT_QUEUE_WAIT,
            settings.directories().data().resolve(MtServer.SPOOL_DIRECTORY),
            storage.localRoot(),
            MtServer.serverSoftware());
    // its timer thread cuts scripts past their time and closes idle connections, each of which
    // holds a php-fpm worker, so a quiet MTServer leaves php-fpm's workers to its other clients
    FastCgiScriptRunner runner =
        resources.add(
            "the php-fpm connections",
            new FastCgiScriptRunner(config, THREADS.daemonThreads("mtserver-php-fpm-timer")));
    return new Scripts(
        Optional.of(runner),
        () -> runner.openConnections() - runner.idleConnections(),
        "php-fpm at "
            + address
            + " ("
            + scripts.fpmConnections()
            + " connections, "
            + scripts.timeout().toMillis() / 1000.0
            + " s each at most)");
  }
}
