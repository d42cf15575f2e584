package dev.mtserver.app.staticcontent;

import dev.mtserver.app.ContentSettings;
import dev.mtserver.app.MtServer;
import dev.mtserver.app.ServerSettings;
import dev.mtserver.app.testing.RawHttpClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A site root on disk, served in-process by the real server on an ephemeral port. Every test site
 * has a secret file and a private directory beside the root, which must never be served.
 */
final class TestSite implements AutoCloseable {

  static final String SECRET = "TOP-SECRET-7f3a9c";

  /** A modification time well in the past, so that files are eligible for the small-file cache. */
  static final Instant SETTLED = Instant.parse("2026-01-01T10:00:00Z");

  final Path dir;
  final Path root;
  private MtServer server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TestSite(Path dir) throws IOException {
    this.dir = dir;
    this.root = Files.createDirectories(dir.resolve("public"));
    Files.writeString(dir.resolve("secret.txt"), SECRET);
    Files.createDirectories(dir.resolve("private"));
    Files.writeString(dir.resolve("private/key.txt"), SECRET);
  }

  TestSite start(ContentSettings content) throws IOException {
    server =
        MtServer.start(
            ServerSettings.forRoot(root, dir.resolve("data")).toBuilder().content(content).build());
    return this;
  }

  TestSite start() throws IOException {
    return start(ContentSettings.defaults());
  }

  /** Starts the server with the settings {@code change} makes from the defaults. */
  TestSite start(UnaryOperator<ServerSettings.Builder> change) throws IOException {
    server =
        MtServer.start(
            change.apply(ServerSettings.forRoot(root, dir.resolve("data")).toBuilder()).build());
    return this;
  }

  /** Writes a file below the root (creating directories), dated {@link #SETTLED}. */
  Path file(String relative, String content) throws IOException {
    return file(relative, content.getBytes(StandardCharsets.UTF_8));
  }

  Path file(String relative, byte[] content) throws IOException {
    Path path = root.resolve(relative);
    Files.createDirectories(path.getParent());
    Files.write(path, content);
    Files.setLastModifiedTime(path, FileTime.from(SETTLED));
    return path;
  }

  InetSocketAddress address() {
    return server.address();
  }

  URI uri(String rawPath) {
    return server.url().resolve(rawPath);
  }

  HttpResponse<byte[]> get(String rawPath, String... headers)
      throws IOException, InterruptedException {
    return send("GET", rawPath, headers);
  }

  HttpResponse<byte[]> send(String method, String rawPath, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(rawPath))
            .timeout(Duration.ofSeconds(5))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** See {@link #raw(InetSocketAddress, String, String, String...)}. */
  RawHttpClient.Response raw(String method, String target, String... headerLines)
      throws IOException {
    return raw(address(), method, target, headerLines);
  }

  /**
   * Sends {@code method target HTTP/1.1} with {@code Host: localhost}, {@code Connection: close}
   * and {@code headerLines} on a connection of its own, for requests a client library would refuse
   * or tidy up (raw {@code ..}, backslashes, absolute-form targets), and reads every byte until the
   * server closes: a body where none belongs (HEAD, 304) shows up in the response.
   */
  static RawHttpClient.Response raw(
      InetSocketAddress server, String method, String target, String... headerLines)
      throws IOException {
    String[] fields = new String[headerLines.length + 2];
    fields[0] = "Host: localhost";
    fields[1] = "Connection: close";
    System.arraycopy(headerLines, 0, fields, 2, headerLines.length);
    try (RawHttpClient client = RawHttpClient.connect(server)) {
      return client.send(RawHttpClient.request(method, target, fields)).readUntilClose();
    }
  }

  @Override
  public void close() throws IOException {
    client.shutdownNow(); // idle keep-alive connections would hold the server's graceful close
    if (server != null) {
      server.close();
    }
  }
}
