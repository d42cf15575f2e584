import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The floor of a file download on the JVM: the least a Java server can do to answer {@code GET
 * /FILE}, for scripts/bench-isolated-downloads.sh to set beside nginx and MTServer. One platform
 * thread accepts and serves one connection at a time: it reads a request head (assumed to arrive in
 * one read), answers 200 with the file through {@code FileChannel.transferTo} (sendfile), or 404,
 * and reads the next request until the client closes. No parsing beyond the path, no access log,
 * no limits, no timeouts: a measuring stick, not a server. Run from source, no build:
 *
 * <pre>java scripts/lib/FloorServer.java PORT ROOT</pre>
 */
public final class FloorServer {

  private FloorServer() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Path root = Path.of(args[1]).toAbsolutePath().normalize();
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", port), 511);
      ByteBuffer in = ByteBuffer.allocate(8192);
      while (true) {
        try (SocketChannel connection = listener.accept()) {
          connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
          while (answer(connection, in, root)) {
            // the next request on the same connection
          }
        } catch (IOException e) {
          System.err.println("floor server: " + e);
        }
      }
    }
  }

  /** Answers one request; false once the client has closed. */
  private static boolean answer(SocketChannel connection, ByteBuffer in, Path root)
      throws IOException {
    in.clear();
    if (connection.read(in) <= 0) {
      return false;
    }
    String head = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
    Path file = requested(head, root);
    if (file == null) {
      connection.write(notFound());
      return true;
    }
    try (FileChannel body = FileChannel.open(file)) {
      long size = body.size();
      connection.write(okHead(size));
      for (long sent = 0; sent < size; ) {
        sent += body.transferTo(sent, size - sent, connection);
      }
    } catch (NoSuchFileException e) {
      connection.write(notFound());
    }
    return true;
  }

  /**
   * The regular file below {@code root} that a request head ({@code GET /PATH HTTP/1.1...}) asks
   * for, or null. Also used by TransportFloor.java.
   */
  static Path requested(String head, Path root) {
    int start = head.indexOf(' ') + 1;
    Path file = root.resolve(head.substring(start + 1, head.indexOf(' ', start))).normalize();
    return file.startsWith(root) && Files.isRegularFile(file) ? file : null;
  }

  /** The head of a 200 answer with a body of {@code size} bytes. */
  static ByteBuffer okHead(long size) {
    return ascii(
        "HTTP/1.1 200 OK\r\nServer: floor\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Length: "
            + size
            + "\r\n\r\n");
  }

  static ByteBuffer notFound() {
    return ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
