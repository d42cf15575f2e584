package dev.mtserver.app;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.transport.socket.ThreadMode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;

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
    ConnectionSettings connections) {

  public ServerSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(threadMode, "threadMode");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(connections, "connections");
    checkArgument(port >= 0 && port <= 65535, "port must be 0..65535");
    checkArgument(maxConnections >= 1, "maxConnections must be positive");
    checkArgument(maxUploadSize >= 0, "maxUploadSize must not be negative");
    checkArgument(maxParts >= 1, "maxParts must be positive");
  }

  /** The default part count: Jetty's default for form parts. */
  public static final int DEFAULT_MAX_PARTS = 100;

  /** These settings with other connection settings. */
  public ServerSettings withConnections(ConnectionSettings value) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, maxUploadSize, maxParts, content, value);
  }

  /** These settings with another thread mode and connection limit. */
  public ServerSettings withThreads(ThreadMode mode, int connectionLimit) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, mode,
        connectionLimit, maxUploadSize, maxParts, content, connections);
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
        ConnectionSettings.defaults());
  }

  /** These settings with another upload size limit. */
  public ServerSettings withMaxUploadSize(long bytes) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, bytes, maxParts, content, connections);
  }

  /** These settings with another part count limit. */
  public ServerSettings withMaxParts(int parts) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, maxUploadSize, parts, content, connections);
  }

  /** These settings with another uploads directory. */
  public ServerSettings withUploads(Path directory) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, directory, data, threadMode,
        maxConnections, maxUploadSize, maxParts, content, connections);
  }

  /** These settings with other static-content settings. */
  public ServerSettings withContent(ContentSettings newContent) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, maxUploadSize, maxParts, newContent, connections);
  }
}
