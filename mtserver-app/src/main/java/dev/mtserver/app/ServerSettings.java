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
    ConnectionSettings connections) {

  public ServerSettings {
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(threadMode, "threadMode");
    checkArgument(port >= 0 && port <= 65535, "port must be 0..65535");
    checkArgument(maxConnections >= 1, "maxConnections must be positive");
    checkArgument(maxUploadSize >= 0, "maxUploadSize must not be negative");
  }

  /** With the default {@link ConnectionSettings}. */
  public ServerSettings(
      InetAddress bindAddress,
      int port,
      int portFallbacks,
      Path root,
      Path uploads,
      Path data,
      ThreadMode threadMode,
      int maxConnections,
      long maxUploadSize) {
    this(bindAddress, port, portFallbacks, root, uploads, data, threadMode, maxConnections,
        maxUploadSize, ConnectionSettings.defaults());
  }

  /** These settings with other connection settings. */
  public ServerSettings withConnections(ConnectionSettings value) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, threadMode,
        maxConnections, maxUploadSize, value);
  }

  /** These settings with another thread mode and connection limit. */
  public ServerSettings withThreads(ThreadMode mode, int connectionLimit) {
    return new ServerSettings(bindAddress, port, portFallbacks, root, uploads, data, mode,
        connectionLimit, maxUploadSize, connections);
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
        1L << 30);
  }
}
