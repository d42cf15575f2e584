package dev.mtserver.app.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One raw client socket: exact bytes out, responses parsed just enough for transport tests. */
final class Wire implements AutoCloseable {

  private static final int READ_LIMIT_MILLIS = 20_000;

  final Socket socket;
  private final InputStream in;

  Wire(InetSocketAddress server) throws IOException {
    socket = new Socket();
    socket.connect(server, 10_000);
    socket.setSoTimeout(READ_LIMIT_MILLIS);
    in = socket.getInputStream();
  }

  Wire(URI url) throws IOException {
    this(new InetSocketAddress(url.getHost(), url.getPort()));
  }

  Wire send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
  }

  /** The status line and headers of the next response (names lower-cased), or null at EOF. */
  Map<String, String> readHead() throws IOException {
    String status = readLine();
    if (status == null) {
      return null;
    }
    Map<String, String> head = new LinkedHashMap<>();
    head.put(":status", status.split(" ")[1]);
    String line;
    while ((line = readLine()) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      head.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    return head;
  }

  /** One whole response: its head, with its body under {@code :body}. */
  Map<String, String> readResponse() throws IOException {
    Map<String, String> head = readHead();
    if (head == null) {
      throw new IOException("closed without a response");
    }
    int length = Integer.parseInt(head.getOrDefault("content-length", "0"));
    head.put(":body", new String(in.readNBytes(length), StandardCharsets.UTF_8));
    return head;
  }

  InputStream input() {
    return in;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  /** True once the server closes (EOF or reset) within {@code limit}; discards what arrives. */
  boolean closedByServer(Duration limit) throws IOException {
    long until = System.nanoTime() + limit.toNanos();
    byte[] sink = new byte[64 * 1024];
    try {
      while (true) {
        long left = (until - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        socket.setSoTimeout((int) left);
        if (in.read(sink) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true;
    } finally {
      socket.setSoTimeout(READ_LIMIT_MILLIS);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
