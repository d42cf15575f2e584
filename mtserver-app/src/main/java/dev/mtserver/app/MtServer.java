package dev.mtserver.app;

import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.server.Http1ConnectionHandler;
import dev.mtserver.http.server.SiteRouter;
import dev.mtserver.http.server.StaticContentHandler;
import dev.mtserver.storage.fs.FileSystemSite;
import dev.mtserver.storage.fs.SiteRoot;
import dev.mtserver.transport.socket.SocketServer;
import dev.mtserver.transport.socket.TransportConfig;
import dev.mtserver.transport.socket.TransportStats;
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
    var content = new StaticContentService(new FileSystemSite(siteRoot));
    var router = new SiteRouter(new StaticContentHandler(content));
    var http = new Http1ConnectionHandler(router, HttpLimits.defaults(), "MTServer/" + version());

    ConnectionSettings connections = settings.connections();
    TransportConfig transportConfig = TransportConfig.builder(settings.bindAddress())
        .port(settings.port())
        .portFallbacks(settings.portFallbacks())
        .threadMode(settings.threadMode())
        .maxConnections(settings.maxConnections())
        .backlog(connections.backlog())
        .headerTimeout(connections.headerTimeout())
        .bodyTimeout(connections.bodyTimeout())
        .idleTimeout(connections.idleTimeout())
        .writeTimeout(connections.writeTimeout())
        .shutdownGrace(connections.shutdownGrace())
        .build();
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

  /** The transport's counters now: connections, requests, refusals. */
  public TransportStats stats() {
    return transport.stats();
  }

  /**
   * The graceful shutdown that SIGTERM and SIGINT run: stop accepting, close idle connections,
   * let requests in flight finish within the shutdown grace, cut off the rest, log a summary.
   *
   * @return the final counters
   */
  public TransportStats shutdown() {
    return transport.shutdown();
  }

  /** The graceful {@link #shutdown()}. */
  @Override
  public void close() {
    transport.shutdown();
  }
}
