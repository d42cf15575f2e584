package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.app.ops.AccessLogTarget;
import dev.mtserver.app.ops.OperationsSettings;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.script.ScriptTarget;
import dev.mtserver.dynamic.cgi.CgiConfig;
import dev.mtserver.dynamic.fastcgi.FastCgiAddress;
import dev.mtserver.dynamic.fastcgi.FastCgiConfig;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.site.forms.UploadLimits;
import dev.mtserver.transport.socket.TransportConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything the command line decides, in one validated record of groups. Each group configures one
 * part of the server, and where a module enforces a limit the group is that module's own record,
 * with that module's defaults: the transport's {@link TransportConfig}, the upload handler's {@link
 * UploadLimits}; the request-memory floor is {@link MemoryBudget}'s. The command line and the tests
 * change settings through a {@link Builder}.
 *
 * @param directories the site root, where uploads go, where records are kept
 * @param transport the address and port, worker threads, connection limit, backlog, timeouts and
 *     shutdown grace (the socket transport's own configuration)
 * @param content how static content is served
 * @param uploads how large an upload may be, in how many parts (also the largest body a script
 *     receives)
 * @param scripts whether and how {@code .php} pages run
 * @param requestMemory the most request data held in memory at once across all connections, in
 *     bytes ({@code --request-memory}); at least {@link MemoryBudget#MIN_BYTES}
 * @param operations the access log, the health and metrics endpoints, the drain delay
 * @param shared stores outside this host (a bucket, a database) that take the place of directories
 * @param https whether the listener speaks TLS and with which keys, the redirect listener, HSTS
 * @param access who may call the server: the password file, the scope, CORS (ADR 0040)
 * @param resumable whether {@code /files/} takes resumable (tus) uploads, and their limits
 * @param browsing listings of the upload area, gzip, folder downloads, a single-page app
 */
public record ServerSettings(
    Directories directories,
    TransportConfig transport,
    ContentSettings content,
    UploadLimits uploads,
    ScriptSettings scripts,
    long requestMemory,
    OperationsSettings operations,
    SharedStorage shared,
    HttpsSettings https,
    AccessSettings access,
    ResumableSettings resumable,
    BrowsingSettings browsing) {

  public ServerSettings {
    Objects.requireNonNull(directories, "directories");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(scripts, "scripts");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(shared, "shared");
    Objects.requireNonNull(https, "https");
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(resumable, "resumable");
    Objects.requireNonNull(browsing, "browsing");
    checkArgument(requestMemory >= MemoryBudget.MIN_BYTES, "requestMemory must be at least 1 MiB");
  }

  /**
   * Defaults for tests and embedding: the site at {@code root} with uploads in {@code
   * ROOT/downloads}, records in {@code data}, loopback on a free port, every module's defaults, no
   * scripts, the request-memory budget sized from the heap, no access log.
   */
  public static ServerSettings forRoot(Path root, Path data) {
    return builder(Directories.of(root, data)).build();
  }

  /** A builder for a server with these directories, starting from every default. */
  public static Builder builder(Directories directories) {
    return new Builder(directories);
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Whether the listener speaks TLS. The access settings ask it before they let Basic credentials
   * cross a non-loopback listener ({@link AccessSettings#insecureAuthProblem}): it does when the
   * HTTPS settings name a key source (ADR 0039).
   */
  public boolean listenerIsTls() {
    return https.keys().isPresent();
  }

  /**
   * How {@code .php} pages run: through {@code phpCgi} or on {@code phpFpm} when one is set (else
   * they answer 501), and how requests are routed to them.
   *
   * @param phpCgi the php-cgi executable, if scripts run as CGI
   * @param timeout how long one script may run before it is killed
   * @param maxScripts how many php-cgi scripts may run at once (503 past that)
   * @param phpFpm where php-fpm listens, if scripts run there over FastCGI; never with {@code
   *     phpCgi}
   * @param fpmConnections how many connections to php-fpm may be open, and so how many scripts run
   *     there at once (503 past that after a short wait)
   * @param frontController the script that answers requests for paths that name nothing in the site
   *     ({@code --php-front-controller /index.php}), if any
   */
  public record ScriptSettings(
      Optional<Path> phpCgi,
      Duration timeout,
      int maxScripts,
      Optional<FastCgiAddress> phpFpm,
      int fpmConnections,
      Optional<SitePath> frontController) {

    public ScriptSettings {
      Objects.requireNonNull(phpCgi, "phpCgi");
      Objects.requireNonNull(timeout, "timeout");
      checkArgument(timeout.isPositive(), "timeout must be positive");
      checkArgument(maxScripts >= 1, "maxScripts must be positive");
      Objects.requireNonNull(phpFpm, "phpFpm");
      checkArgument(
          phpCgi.isEmpty() || phpFpm.isEmpty(), "php-cgi and php-fpm cannot both run scripts");
      checkArgument(fpmConnections >= 1, "fpmConnections must be positive");
      Objects.requireNonNull(frontController, "frontController");
      checkArgument(
          frontController.isEmpty() || ScriptTarget.isScript(frontController.get()),
          "the front controller must be a .php script");
    }

    /** php-cgi (or nothing), with php-fpm's defaults and no front controller. */
    public ScriptSettings(Optional<Path> phpCgi, Duration timeout, int maxScripts) {
      this(
          phpCgi, timeout, maxScripts, Optional.empty(), DEFAULT_FPM_CONNECTIONS, Optional.empty());
    }

    /** The default time limit per script: 30 s, as PHP's own {@code max_execution_time}. */
    public static final Duration DEFAULT_TIMEOUT = CgiConfig.DEFAULT_TIMEOUT;

    /** The default number of scripts running at once. */
    public static final int DEFAULT_MAX_SCRIPTS = CgiConfig.DEFAULT_MAX_SCRIPTS;

    /** The default number of connections to php-fpm: its default {@code pm.max_children}. */
    public static final int DEFAULT_FPM_CONNECTIONS = FastCgiConfig.DEFAULT_MAX_CONNECTIONS;

    /** No script runner: {@code .php} pages answer 501 and their source is never sent. */
    public static ScriptSettings disabled() {
      return new ScriptSettings(Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_MAX_SCRIPTS);
    }

    /** Scripts run through {@code phpCgi} with the default limits. */
    public static ScriptSettings using(Path phpCgi) {
      return new ScriptSettings(Optional.of(phpCgi), DEFAULT_TIMEOUT, DEFAULT_MAX_SCRIPTS);
    }

    /** Scripts run on the php-fpm at {@code phpFpm} with the default limits. */
    public static ScriptSettings usingPhpFpm(FastCgiAddress phpFpm) {
      return disabled().withPhpFpm(Optional.of(phpFpm));
    }

    /** True when some runner runs {@code .php} pages. */
    public boolean enabled() {
      return phpCgi.isPresent() || phpFpm.isPresent();
    }

    public ScriptSettings withTimeout(Duration limit) {
      return new ScriptSettings(phpCgi, limit, maxScripts, phpFpm, fpmConnections, frontController);
    }

    public ScriptSettings withMaxScripts(int scripts) {
      return new ScriptSettings(phpCgi, timeout, scripts, phpFpm, fpmConnections, frontController);
    }

    public ScriptSettings withPhpFpm(Optional<FastCgiAddress> address) {
      return new ScriptSettings(
          phpCgi, timeout, maxScripts, address, fpmConnections, frontController);
    }

    public ScriptSettings withFpmConnections(int connections) {
      return new ScriptSettings(phpCgi, timeout, maxScripts, phpFpm, connections, frontController);
    }

    public ScriptSettings withFrontController(Optional<SitePath> script) {
      return new ScriptSettings(phpCgi, timeout, maxScripts, phpFpm, fpmConnections, script);
    }
  }

  /**
   * Builds {@link ServerSettings}; what is not set keeps its default, or the value it started from.
   */
  public static final class Builder {
    private Directories directories;
    private TransportConfig transport;
    private ContentSettings content;
    private UploadLimits uploads;
    private ScriptSettings scripts;
    private long requestMemory;
    private OperationsSettings operations;
    private SharedStorage shared = SharedStorage.none();
    private HttpsSettings https;
    private AccessSettings access;
    private ResumableSettings resumable;
    private BrowsingSettings browsing = BrowsingSettings.defaults();

    private Builder(Directories directories) {
      this.directories = Objects.requireNonNull(directories, "directories");
      this.transport = TransportConfig.builder(InetAddress.getLoopbackAddress()).build();
      this.content = ContentSettings.defaults();
      this.uploads = UploadLimits.defaults();
      this.scripts = ScriptSettings.disabled();
      this.requestMemory = MemoryBudget.defaultBytes(Runtime.getRuntime().maxMemory());
      this.operations = OperationsSettings.defaults();
      this.https = HttpsSettings.off();
      this.access = AccessSettings.defaults();
      this.resumable = ResumableSettings.defaults();
    }

    private Builder(ServerSettings from) {
      directories = from.directories;
      transport = from.transport;
      content = from.content;
      uploads = from.uploads;
      scripts = from.scripts;
      requestMemory = from.requestMemory;
      operations = from.operations;
      shared = from.shared;
      https = from.https;
      access = from.access;
      resumable = from.resumable;
      browsing = from.browsing;
    }

    public Builder directories(Directories value) {
      directories = value;
      return this;
    }

    /** Uploads go to {@code directory} ({@code --uploads}). */
    public Builder uploadsDirectory(Path directory) {
      directories = directories.withUploads(directory);
      return this;
    }

    public Builder transport(TransportConfig value) {
      transport = value;
      return this;
    }

    /** The transport's configuration as {@code change} makes it from the current one. */
    public Builder transport(UnaryOperator<TransportConfig.Builder> change) {
      transport = change.apply(transport.toBuilder()).build();
      return this;
    }

    public Builder content(ContentSettings value) {
      content = value;
      return this;
    }

    public Builder directoryListing(boolean enabled) {
      content =
          new ContentSettings(
              enabled, content.cacheControl(), content.fileCacheBytes(), content.keptOpenFiles());
      return this;
    }

    public Builder cacheControl(String value) {
      content =
          new ContentSettings(
              content.directoryListing(), value, content.fileCacheBytes(), content.keptOpenFiles());
      return this;
    }

    /** How many open files the site keeps between requests ({@code --open-file-cache}). */
    public Builder keptOpenFiles(int count) {
      content = content.withKeptOpenFiles(count);
      return this;
    }

    public Builder uploads(UploadLimits value) {
      uploads = value;
      return this;
    }

    public Builder maxUploadSize(long bytes) {
      uploads = uploads.withMaxUploadSize(bytes);
      return this;
    }

    public Builder maxParts(int parts) {
      uploads = uploads.withMaxParts(parts);
      return this;
    }

    public Builder scripts(ScriptSettings value) {
      scripts = value;
      return this;
    }

    public Builder requestMemory(long bytes) {
      requestMemory = bytes;
      return this;
    }

    public Builder operations(OperationsSettings value) {
      operations = value;
      return this;
    }

    public Builder accessLog(AccessLogTarget target) {
      operations =
          new OperationsSettings(
              target, operations.health(), operations.metrics(), operations.drainDelay());
      return this;
    }

    /** Whether {@code GET /healthz} and {@code GET /metrics} answer. */
    public Builder endpoints(boolean health, boolean metrics) {
      operations =
          new OperationsSettings(operations.accessLog(), health, metrics, operations.drainDelay());
      return this;
    }

    public Builder drainDelay(Duration delay) {
      operations =
          new OperationsSettings(
              operations.accessLog(), operations.health(), operations.metrics(), delay);
      return this;
    }

    /** Stores outside this host: a bucket for the site and uploads, a database for submissions. */
    public Builder shared(SharedStorage value) {
      shared = value;
      return this;
    }

    /** TLS on the listener, and what goes with it ({@code --tls-*}, {@code --hsts}, …). */
    public Builder https(HttpsSettings value) {
      https = value;
      return this;
    }

    /** Who may call the server ({@code --auth-file}, {@code --auth-scope}, {@code --cors}). */
    public Builder access(AccessSettings value) {
      access = value;
      return this;
    }

    /** Resumable uploads at {@code /files/}: on or off, and their limits. */
    public Builder resumable(ResumableSettings value) {
      resumable = value;
      return this;
    }

    /** Listings of the upload area, gzip, folder downloads, a single-page app. */
    public Builder browsing(BrowsingSettings value) {
      browsing = value;
      return this;
    }

    /** The browsing settings as {@code change} makes them from the current ones. */
    public Builder browsing(UnaryOperator<BrowsingSettings> change) {
      browsing = change.apply(browsing);
      return this;
    }

    public ServerSettings build() {
      return new ServerSettings(
          directories,
          transport,
          content,
          uploads,
          scripts,
          requestMemory,
          operations,
          shared,
          https,
          access,
          resumable,
          browsing);
    }
  }
}
