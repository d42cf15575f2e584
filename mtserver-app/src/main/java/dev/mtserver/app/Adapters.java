package dev.mtserver.app;

import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.dynamic.cgi.CgiConfig;
import dev.mtserver.dynamic.cgi.CgiScriptRunner;
import dev.mtserver.dynamic.fastcgi.FastCgiAddress;
import dev.mtserver.dynamic.fastcgi.FastCgiConfig;
import dev.mtserver.dynamic.fastcgi.FastCgiScriptRunner;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.spi.ConnectionHandler;
import dev.mtserver.storage.fs.FileSystemScripts;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.FileSystemUploadStore;
import dev.mtserver.storage.fs.JsonLinesSubmissionLog;
import dev.mtserver.storage.fs.SiteRoot;
import dev.mtserver.storage.fs.SmallFileCache;
import dev.mtserver.threads.ThreadSource;
import dev.mtserver.transport.socket.SocketServer;
import java.io.IOException;
import java.util.Optional;

/**
 * The one place where adapters are chosen and built: each of the domain's outbound ports gets its
 * adapter here, the HTTP engine gets its transport here, and nowhere else in the code base calls
 * {@code new} on an adapter ({@link ServerAssembly} wires what this returns, by its ports). A
 * choice is made by what the settings configure: a location, a flag.
 *
 * <p>Adding an adapter (docs/adr/0036) means its module, a {@code <module>} and a dependency in the
 * root pom, a dependency in the app's pom, and a case here. Adapters written but not wired yet,
 * each a case of its method here when it is: {@code mtserver-storage-s3} ({@code S3Site}, {@code
 * S3UploadStore}: a site and uploads in a bucket, chosen by an {@code s3://} location, issue 15),
 * {@code mtserver-storage-postgres} ({@code PostgresSubmissionLog}, chosen by a database URL),
 * {@code mtserver-transport-tls} (key material for the transport, issue 16), {@code
 * mtserver-auth-htpasswd} (a {@code CheckCredentialsPort}, issue 16). What an adapter needs to be
 * configured arrives as settings; the flags that set them are the command line's.
 */
final class Adapters {

  /**
   * Where every thread of the server's modules comes from (ADR 0038); it holds no state of its own.
   */
  private static final ThreadSource THREADS = new ThreadSource();

  private Adapters() {}

  /**
   * The stores behind the domain's storage ports, each wrapped by {@code decorator} (tests put a
   * faulty disk there). Today: the file system, for the site, the uploads, the submission log and
   * the scripts. The submission log is registered with {@code resources} to be closed.
   */
  static Storage storage(ServerSettings settings, StorageDecorator decorator, Resources resources)
      throws IOException {
    Directories directories = settings.directories();
    var uploads =
        new FileSystemUploadStore(
            directories.uploads(), directories.root()); // removes stale temp files
    var root = new SiteRoot(directories.root(), uploads.directory());
    var cache =
        new SmallFileCache(ResponseBody.COALESCE_BYTES, settings.content().fileCacheBytes());
    var submissions =
        resources.add(
            "the submission log",
            JsonLinesSubmissionLog.open(directories.data().resolve(MtServer.SUBMISSIONS_FILE)));
    return new Storage(
        decorator.content(new FileSystemSite(root, cache)),
        decorator.uploads(uploads),
        decorator.submissions(submissions),
        new FileSystemScripts(root, uploads.directory()),
        root.path(),
        uploads.directory().toString());
  }

  /**
   * The runner behind the script port: php-cgi when {@code --php-cgi} is given, php-fpm over
   * FastCGI when {@code --php-fpm} is (never both: the settings refuse it), else none. php-cgi's
   * stderr drains run on threads from the one {@link ThreadSource}; php-fpm's runner has no thread
   * of its own. Either is registered with {@code resources} to be closed (which kills php-cgi
   * scripts still running, or closes the idle connections to php-fpm).
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
    FastCgiScriptRunner runner =
        resources.add("the php-fpm connections", new FastCgiScriptRunner(config));
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

  /** The transport that drives the HTTP engine: sockets, threads, deadlines. Not started yet. */
  static SocketServer transport(ServerSettings settings, ConnectionHandler http) {
    return new SocketServer(settings.transport(), http, THREADS);
  }
}
