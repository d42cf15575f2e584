package dev.mtserver.app;

import dev.mtserver.domain.content.DirectoryListings;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.server.Http1ConnectionHandler;
import dev.mtserver.http.server.SiteRouter;
import dev.mtserver.http.server.StaticContentHandler;
import dev.mtserver.http.server.StaticContentOptions;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.SiteRoot;
import dev.mtserver.storage.fs.SmallFileCache;
import dev.mtserver.transport.socket.SocketServer;
import dev.mtserver.transport.socket.TransportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running MTServer: builds every adapter from {@link ServerSettings}, wires them by constructor
 * and starts the transport. The only place in the code base that calls {@code new} on adapters.
 */
public final class MtServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MtServer.class);

  private final SocketServer transport;
  private final InetSocketAddress address;

  private MtServer(SocketServer transport, InetSocketAddress address) {
    this.transport = transport;
    this.address = address;
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
        new FileSystemSite(siteRoot, fileCache),
        contentSettings.directoryListing() ? DirectoryListings.ENABLED : DirectoryListings.DISABLED);
    var staticContent = new StaticContentHandler(
        content, StaticContentOptions.withCacheControl(contentSettings.cacheControl()));
    var router = new SiteRouter(staticContent);
    var http = new Http1ConnectionHandler(router, HttpLimits.defaults(), "MTServer/" + version());

    TransportConfig defaults = TransportConfig.defaults(settings.bindAddress(), settings.port());
    TransportConfig transportConfig = new TransportConfig(
        settings.bindAddress(),
        settings.port(),
        settings.portFallbacks(),
        defaults.backlog(),
        settings.threadMode(),
        settings.maxConnections(),
        defaults.headerTimeout(),
        defaults.bodyTimeout(),
        defaults.idleTimeout(),
        defaults.writeTimeout(),
        defaults.shutdownGrace());
    SocketServer transport = new SocketServer(transportConfig, http);
    InetSocketAddress address = transport.start();
    return new MtServer(transport, address);
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

  /** Stops accepting and lets connections finish within the shutdown grace. */
  @Override
  public void close() throws IOException {
    transport.close();
  }
}
