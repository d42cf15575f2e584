package dev.mtserver.app;

import dev.mtserver.app.ServerSettings.ScriptSettings;
import dev.mtserver.domain.resumable.ResumableUploadStorePort;
import dev.mtserver.dynamic.cgi.CgiConfig;
import dev.mtserver.dynamic.cgi.CgiScriptRunner;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.spi.ConnectionHandler;
import dev.mtserver.storage.fs.FileSystemResumableUploadStore;
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
 * {@code mtserver-dynamic-fastcgi} ({@code FastCgiScriptRunner}, chosen by a php-fpm address, issue
 * 18), {@code mtserver-transport-tls} (key material for the transport, issue 16), {@code
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
   * the scripts, and unfinished resumable uploads ({@code DATA/resumable/}, unless they are off).
   * The submission log is registered with {@code resources} to be closed.
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
    // Unfinished resumable uploads: in the data directory, never served; published into uploads.
    Optional<ResumableUploadStorePort> resumable =
        settings.resumable().enabled()
            ? Optional.of(
                new FileSystemResumableUploadStore(
                    directories.data().resolve(MtServer.RESUMABLE_DIRECTORY), uploads))
            : Optional.empty();
    return new Storage(
        decorator.content(new FileSystemSite(root, cache)),
        decorator.uploads(uploads),
        decorator.submissions(submissions),
        new FileSystemScripts(root, uploads.directory()),
        root.path(),
        uploads.directory().toString(),
        resumable);
  }

  /**
   * The runner behind the script port: php-cgi when {@code --php-cgi} is given, else none. Its
   * stderr drains run on threads from the one {@link ThreadSource}; it is registered with {@code
   * resources} to be closed (which kills scripts still running).
   */
  static Scripts scripts(ServerSettings settings, Storage storage, Resources resources)
      throws IOException {
    ScriptSettings scripts = settings.scripts();
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

  /** The transport that drives the HTTP engine: sockets, threads, deadlines. Not started yet. */
  static SocketServer transport(ServerSettings settings, ConnectionHandler http) {
    return new SocketServer(settings.transport(), http, THREADS);
  }
}
