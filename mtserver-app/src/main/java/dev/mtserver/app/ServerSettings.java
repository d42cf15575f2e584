package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.app.ops.AccessLogTarget;
import dev.mtserver.app.ops.OperationsSettings;
import dev.mtserver.dynamic.cgi.CgiConfig;
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
    BrowsingSettings browsing) {

  public ServerSettings {
    Objects.requireNonNull(directories, "directories");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(scripts, "scripts");
    Objects.requireNonNull(operations, "operations");
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
   * How {@code .php} pages run: through {@code phpCgi} when it is set (else they answer 501).
   *
   * @param phpCgi the php-cgi executable, if scripts are enabled
   * @param timeout how long one script may run before it is killed
   * @param maxScripts how many scripts may run at once (503 past that)
   */
  public record ScriptSettings(Optional<Path> phpCgi, Duration timeout, int maxScripts) {

    public ScriptSettings {
      Objects.requireNonNull(phpCgi, "phpCgi");
      Objects.requireNonNull(timeout, "timeout");
      checkArgument(timeout.isPositive(), "timeout must be positive");
      checkArgument(maxScripts >= 1, "maxScripts must be positive");
    }

    /** The default time limit per script: 30 s, as PHP's own {@code max_execution_time}. */
    public static final Duration DEFAULT_TIMEOUT = CgiConfig.DEFAULT_TIMEOUT;

    /** The default number of scripts running at once. */
    public static final int DEFAULT_MAX_SCRIPTS = CgiConfig.DEFAULT_MAX_SCRIPTS;

    /** No script runner: {@code .php} pages answer 501 and their source is never sent. */
    public static ScriptSettings disabled() {
      return new ScriptSettings(Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_MAX_SCRIPTS);
    }

    /** Scripts run through {@code phpCgi} with the default limits. */
    public static ScriptSettings using(Path phpCgi) {
      return new ScriptSettings(Optional.of(phpCgi), DEFAULT_TIMEOUT, DEFAULT_MAX_SCRIPTS);
    }

    public ScriptSettings withTimeout(Duration limit) {
      return new ScriptSettings(phpCgi, limit, maxScripts);
    }

    public ScriptSettings withMaxScripts(int scripts) {
      return new ScriptSettings(phpCgi, timeout, scripts);
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
    private BrowsingSettings browsing = BrowsingSettings.defaults();

    private Builder(Directories directories) {
      this.directories = Objects.requireNonNull(directories, "directories");
      this.transport = TransportConfig.builder(InetAddress.getLoopbackAddress()).build();
      this.content = ContentSettings.defaults();
      this.uploads = UploadLimits.defaults();
      this.scripts = ScriptSettings.disabled();
      this.requestMemory = MemoryBudget.defaultBytes(Runtime.getRuntime().maxMemory());
      this.operations = OperationsSettings.defaults();
    }

    private Builder(ServerSettings from) {
      directories = from.directories;
      transport = from.transport;
      content = from.content;
      uploads = from.uploads;
      scripts = from.scripts;
      requestMemory = from.requestMemory;
      operations = from.operations;
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
      content = new ContentSettings(enabled, content.cacheControl(), content.fileCacheBytes());
      return this;
    }

    public Builder cacheControl(String value) {
      content = new ContentSettings(content.directoryListing(), value, content.fileCacheBytes());
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
          directories, transport, content, uploads, scripts, requestMemory, operations, browsing);
    }
  }
}
