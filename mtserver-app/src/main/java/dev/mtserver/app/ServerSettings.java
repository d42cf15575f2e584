package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.transport.socket.ThreadMode;
import java.net.InetAddress;
import dev.mtserver.dynamic.cgi.CgiConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the command line decides, in one validated record. {@link MtServer} turns it into
 * each module's own configuration record.
 *
 * @param bindAddress the address to listen on
 * @param port the port to listen on; 0 picks a free one
 * @param portFallbacks how many following ports to try if {@code port} is taken
 * @param root the site root to serve
 * @param uploads where uploaded files go
 * @param data where the server keeps its records
 * @param threadMode platform or virtual worker threads
 * @param maxConnections connections served at once
 * @param maxUploadSize the largest request body accepted for an upload, in bytes
 * @param maxParts the most parts (files and fields) in one multipart upload
 * @param content how static content is served
 * @param connections backlog, timeouts and shutdown grace of the connections
 * @param scripts whether and how {@code .php} pages run
 * @param requestMemory the most request data held in memory at once across all connections, in
 *     bytes ({@code --request-memory}); see {@link #autoRequestMemory()}
 */
public record ServerSettings(
    InetAddress bindAddress,
    int port,
    int portFallbacks,
    Path root,
    Path uploads,
    Path data,
    ThreadMode threadMode,
    int maxConnections,
    long maxUploadSize,
    int maxParts,
    ContentSettings content,
    ConnectionSettings connections,
    ScriptSettings scripts,
    long requestMemory) {

  /** With the request-memory budget sized from the heap ({@link #autoRequestMemory()}). */
  public ServerSettings(
      InetAddress bindAddress, int port, int portFallbacks, Path root, Path uploads, Path data,
      ThreadMode threadMode, int maxConnections, long maxUploadSize, int maxParts, ContentSettings content,
      ConnectionSettings connections, ScriptSettings scripts) {
    this(bindAddress, port, portFallbacks, root, uploads, data, threadMode, maxConnections, maxUploadSize,
        maxParts, content, connections, scripts, autoRequestMemory());
  }

  /**
   * The request-memory budget when none is given: a quarter of the heap this JVM may use ({@code
   * -Xmx}; by default a quarter of the machine's memory). A quarter leaves the rest for what every
   * connection holds anyway, the small-file cache, the server's own objects, and the garbage
   * collector's headroom (G1 stores an array of half a region or more in whole regions, so a heap
   * full of large request buffers can need up to twice their size): {@code docs/adr/0022}.
   */
  public static long autoRequestMemory() {
    long quarter = Runtime.getRuntime().maxMemory() / 4;
    return Math.max(MIN_REQUEST_MEMORY, quarter & -MIN_REQUEST_MEMORY); // whole MiB, as the banner shows it
  }

  /** The smallest budget that still takes in one multipart upload and a few forms: 1 MiB. */
  public static final long MIN_REQUEST_MEMORY = 1L << 20;

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

  public ServerSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(threadMode, "threadMode");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(scripts, "scripts");
    checkArgument(port >= 0 && port <= 65535, "port must be 0..65535");
    checkArgument(maxConnections >= 1, "maxConnections must be positive");
    checkArgument(maxUploadSize >= 0, "maxUploadSize must not be negative");
    checkArgument(maxParts >= 1, "maxParts must be positive");
    checkArgument(requestMemory >= MIN_REQUEST_MEMORY, "requestMemory must be at least 1 MiB");
  }

  /** These settings with another request-memory budget, in bytes. */
  public ServerSettings withRequestMemory(long bytes) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, maxUploadSize, maxParts, content, connections, scripts, bytes);
  }

  /** The default part count: Jetty's default for form parts. */
  public static final int DEFAULT_MAX_PARTS = 100;

  /** These settings with other connection settings. */
  public ServerSettings withConnections(ConnectionSettings value) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, maxUploadSize, maxParts, content, value, scripts, requestMemory);
  }

  /** These settings with another thread mode and connection limit. */
  public ServerSettings withThreads(ThreadMode mode, int connectionLimit) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, mode,
        connectionLimit, maxUploadSize, maxParts, content, connections, scripts, requestMemory);
  }

  /** Defaults for tests and embedding: loopback, an ephemeral port, the given directories. */
  public static ServerSettings forRoot(Path root, Path data) {
    return new ServerSettings(
        InetAddress.getLoopbackAddress(),
        0,
        0,
        root,
        root.resolve("downloads"),
        data,
        ThreadMode.PLATFORM,
        1024,
        1L << 30,
        DEFAULT_MAX_PARTS,
        ContentSettings.defaults(),
        ConnectionSettings.defaults(),
        ScriptSettings.disabled());
  }

  /** These settings with another upload size limit. */
  public ServerSettings withMaxUploadSize(long bytes) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, bytes, maxParts, content, connections, scripts, requestMemory);
  }

  /** These settings with another part count limit. */
  public ServerSettings withMaxParts(int parts) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, maxUploadSize, parts, content, connections, scripts, requestMemory);
  }

  /** These settings with another uploads directory. */
  public ServerSettings withUploads(Path directory) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, directory, data, threadMode,
        maxConnections, maxUploadSize, maxParts, content, connections, scripts, requestMemory);
  }

  /** These settings with other static-content settings. */
  public ServerSettings withContent(ContentSettings newContent) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, maxUploadSize, maxParts, newContent, connections, scripts, requestMemory);
  }

  /** These settings with another way of running scripts. */
  public ServerSettings withScripts(ScriptSettings settings) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, maxUploadSize, maxParts, content, connections, settings, requestMemory);
  }
}
