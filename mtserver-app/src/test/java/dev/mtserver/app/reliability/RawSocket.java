package dev.mtserver.app.reliability;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client socket that sends exactly the bytes a test wants, stops wherever it wants, reads
 * responses as a strict client would, and can end with a TCP reset (as a crashing client or a
 * dropped network does).
 */
final class RawSocket implements AutoCloseable {

  /** A response as it came off the wire; {@code complete} is false if the body was cut short. */
  record Response(int status, Map<String, String> headers, byte[] body, boolean complete) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, ISO_8859_1);
    }
  }

  final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RawSocket(InetSocketAddress server, Duration readTimeout) throws IOException {
    this(server, readTimeout, -1);
  }

  /** @param receiveBuffer the socket's receive buffer, set before connecting; -1 for the default */
  RawSocket(InetSocketAddress server, Duration readTimeout, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(server, 5_000);
    socket.setSoTimeout((int) readTimeout.toMillis());
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
  }

  static String head(String method, String path, String... fields) {
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: test\r\n");
    for (String field : fields) {
      head.append(field).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  RawSocket send(String text) throws IOException {
    return send(text.getBytes(ISO_8859_1));
  }

  RawSocket send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  InputStream input() {
    return in;
  }

  /** Reads one response: head, then a body framed by Content-Length, or up to the close. */
  Response read() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int lastFour = 0;
    while (lastFour != 0x0d0a0d0a) { // CR LF CR LF
      int b = in.read();
      if (b < 0) {
        throw new SocketException("connection closed after " + head.size() + " bytes of a response head");
      }
      head.write(b);
      lastFour = lastFour << 8 | b;
    }
    String[] lines = head.toString(ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    if (status < 200 || status == 204 || status == 304) {
      return new Response(status, headers, new byte[0], true);
    }
    String length = headers.get("content-length");
    if (length == null) {
      return new Response(status, headers, in.readAllBytes(), true);
    }
    long expected = Long.parseLong(length);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      while (body.size() < expected) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, expected - body.size()));
        if (n < 0) {
          break;
        }
        body.write(buffer, 0, n);
      }
    } catch (SocketException cutOff) {
      // reset mid-body: what arrived is what we report
    }
    return new Response(status, headers, body.toByteArray(), body.size() == expected);
  }

  /** True once the server has closed its side: a read sees the end of the stream or a reset. */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketException reset) {
      return true;
    }
  }

  /** Closes with a TCP reset instead of a FIN. */
  void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
