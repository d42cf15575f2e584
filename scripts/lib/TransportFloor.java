import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.threads.ThreadSource;
import dev.mtserver.transport.socket.SocketServer;
import dev.mtserver.transport.socket.TransportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * MTServer's socket transport with the floor's handler (FloorServer.java): the same accept loop,
 * leader, quiet waits, cork and deadlines as the server (virtual threads, the defaults), but no
 * HTTP engine, no site, no file store and no access log behind it. Set beside MTServer and the
 * floor by scripts/bench-isolated-downloads.sh, it splits MTServer's extra time per download into
 * the transport's part and the rest's. A measuring stick, not a server: it reads a head up to its
 * blank line, answers the file it names through the transport's {@code transfer} (sendfile), and
 * nothing else. Run from source with the jar on the class path (JDK 22+, which compiles
 * FloorServer.java beside it):
 *
 * <pre>
 * java --add-opens java.base/sun.nio.ch=ALL-UNNAMED -cp mtserver.jar \
 *   TransportFloor.java PORT ROOT
 * </pre>
 */
public final class TransportFloor {

  private TransportFloor() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path root = Path.of(args[1]).toAbsolutePath().normalize();
    SocketServer server =
        new SocketServer(
            TransportConfig.defaults(InetAddress.getLoopbackAddress(), port),
            connection -> serve(connection, root),
            new ThreadSource());
    System.err.println("transport floor listening on " + server.start());
    Thread.currentThread().join();
  }

  /** Answers requests on one connection until the client closes it. */
  private static void serve(ClientConnection connection, Path root) throws IOException {
    InputStream in = connection.input();
    byte[] head = new byte[8192];
    while (true) {
      int length = 0;
      while (length < 4 || !endsWithBlankLine(head, length)) {
        if (length == head.length) {
          return; // a head this long is not one of the benchmark's
        }
        int read = in.read(head, length, head.length - length);
        if (read < 0) {
          return;
        }
        length += read;
      }
      Path file =
          FloorServer.requested(new String(head, 0, length, StandardCharsets.ISO_8859_1), root);
      if (file == null) {
        connection.write(FloorServer.notFound());
        continue;
      }
      try (FileChannel body = FileChannel.open(file)) {
        long size = body.size();
        connection.transfer(FloorServer.okHead(size), body::transferTo, 0, size);
      }
    }
  }

  private static boolean endsWithBlankLine(byte[] bytes, int length) {
    return bytes[length - 4] == '\r'
        && bytes[length - 3] == '\n'
        && bytes[length - 2] == '\r'
        && bytes[length - 1] == '\n';
  }
}
