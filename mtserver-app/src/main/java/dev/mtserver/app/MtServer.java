package dev.mtserver.app;

import com.google.common.net.InetAddresses;
import dev.mtserver.app.ServerAssembly.Operations;
import dev.mtserver.app.ops.OperationsSettings;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.http.site.admin.ServerMetrics;
import dev.mtserver.transport.socket.SocketServer;
import dev.mtserver.transport.socket.TransportStats;
import dev.mtserver.transport.tls.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running MTServer: started from its {@link ServerSettings} ({@link ServerAssembly} wires it,
 * {@link Adapters} chooses its adapters), answering what operators ask of it, and stopped
 * gracefully.
 */
public final class MtServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MtServer.class);

  /** The file under the data directory where form submissions are appended. */
  public static final String SUBMISSIONS_FILE = "submissions.jsonl";

  /** The directory under the data directory where request bodies for scripts are spooled. */
  public static final String SPOOL_DIRECTORY = "spool";

  /** The directory under the data directory where the development certificate is kept. */
  public static final String TLS_DIRECTORY = "tls";

  /** The directory under the data directory where unfinished resumable uploads are kept. */
  public static final String RESUMABLE_DIRECTORY = "resumable";

  private final SocketServer transport;
  private final InetSocketAddress address;
  private final Operations operations;
  private final UploadArea uploadArea;
  private final Scripts scripts;
  private final Resources resources;
  private final Optional<ServerTls> tls;
  private final Optional<InetSocketAddress> redirectAddress;
  private final boolean resumableUploads;

  MtServer(
      SocketServer transport,
      InetSocketAddress address,
      Operations operations,
      UploadArea uploadArea,
      Scripts scripts,
      Resources resources,
      Optional<ServerTls> tls,
      Optional<InetSocketAddress> redirectAddress,
      boolean resumableUploads) {
    this.tls = tls;
    this.redirectAddress = redirectAddress;
    this.transport = transport;
    this.address = address;
    this.operations = operations;
    this.uploadArea = uploadArea;
    this.scripts = scripts;
    this.resources = resources;
    this.resumableUploads = resumableUploads;
  }

  /**
   * Prepares the directories, wires the server and starts accepting connections.
   *
   * @throws UnsafeLayoutException if the data directory would be served or share a tree with the
   *     uploads directory; nothing has been created then
   * @throws java.nio.file.NotDirectoryException if the root exists but is not a directory
   * @throws IOException if the access log file cannot be opened, or the port not bound
   */
  public static MtServer start(ServerSettings settings) throws IOException {
    return start(settings, StorageDecorator.NONE);
  }

  /**
   * As {@link #start(ServerSettings)}, with the storage adapters wrapped by {@code storage} before
   * they are wired: how tests put a faulty disk under the real server.
   */
  public static MtServer start(ServerSettings settings, StorageDecorator storage)
      throws IOException {
    return ServerAssembly.start(settings, storage);
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
   * What the server calls itself ({@code Server}, {@code SERVER_SOFTWARE}): {@code MTServer/0.1.0}.
   */
  static String serverSoftware() {
    return "MTServer/" + version();
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return address;
  }

  /** The listener's TLS, when it speaks TLS: the certificate in use, its source. */
  public Optional<ServerTls> tls() {
    return tls;
  }

  /** Where {@code --redirect-http}'s plain listener is bound, if there is one. */
  public Optional<InetSocketAddress> redirectAddress() {
    return redirectAddress;
  }

  /** The base URL clients use, such as {@code http://127.0.0.1:8080/} or {@code https://…}. */
  public URI url() {
    String host =
        address.getAddress() instanceof Inet6Address
            ? "["
                + InetAddresses.toAddrString(address.getAddress()).replace("%", "%25")
                + "]" // [::], not [0:0:0:0:0:0:0:0]
            : address.getAddress().getHostAddress();
    return URI.create(
        (tls.isPresent() ? "https://" : "http://") + host + ":" + address.getPort() + "/");
  }

  /** The transport's counters now: connections, requests, refusals. */
  public TransportStats stats() {
    return transport.stats();
  }

  /**
   * What runs {@code .php} pages, for the banner: {@code off}, php-cgi's path or php-fpm's address.
   */
  public String scriptRunner() {
    return scripts.description();
  }

  /** How many scripts are running now (0 when scripts are off). */
  public int runningScripts() {
    return scripts.running().getAsInt();
  }

  /** The operations settings it was started with. */
  public OperationsSettings operations() {
    return operations.settings();
  }

  /** Where uploaded files appear in the site, such as {@code /downloads/}, if they do. */
  public Optional<String> uploadsUrlPath() {
    return uploadArea.directory().map(SitePath::toUriPath);
  }

  /** True when {@code /files/} takes resumable (tus 1.0.0) uploads. */
  public boolean resumableUploads() {
    return resumableUploads;
  }

  /** The HTTP-level counters behind {@code /metrics}. */
  public ServerMetrics metrics() {
    return operations.metrics();
  }

  /** Whether a graceful shutdown has begun: {@code /healthz} answers 503. */
  public boolean draining() {
    return operations.draining().get() || transport.draining();
  }

  /**
   * The graceful shutdown that SIGTERM and SIGINT run: report 503 on {@code /healthz} for the drain
   * delay while still serving, then stop accepting, close idle connections, let requests in flight
   * finish within the shutdown grace, cut off the rest, log a summary; then close what the requests
   * used, newest first — the script runner (killing any script left), the submission log, and last
   * the access log, which flushes. A second call waits for the first and returns the same counters.
   *
   * @return the final counters
   */
  public synchronized TransportStats shutdown() {
    Duration delay = operations.settings().drainDelay();
    if (operations.draining().compareAndSet(false, true) && delay.isPositive()) {
      log.info(
          "Draining: /healthz answers 503 for {} ms before the listener closes", delay.toMillis());
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      return transport.shutdown();
    } finally {
      resources.close(); // after the last request that could run a script, append or be logged
    }
  }

  /** The graceful {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }
}
