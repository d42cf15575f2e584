package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a raw socket, for what the JDK client cannot do: send exactly the
 * bytes a test wants, stop halfway, read interim {@code 100} responses.
 */
final class RawHttp implements AutoCloseable {

  /** A response as it came off the wire. */
  record Response(String statusLine, int status, Map<String, String> headers, byte[] body, String raw) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  final Socket socket;
  final OutputStream out;
  final InputStream in;

  RawHttp(URI server) throws IOException {
    socket = new Socket(server.getHost(), server.getPort());
    socket.setSoTimeout(15_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  static String head(String method, String path, String... headerLines) {
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: test\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  RawHttp send(String text) throws IOException {
    out.write(text.getBytes(ISO_8859_1));
    out.flush();
    return this;
  }

  RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one response (head and Content-Length body, or up to the close). */
  Response read() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        if (head.isEmpty()) {
          throw new SocketException("connection closed with no response");
        }
        break;
      }
      head.append((char) b);
    }
    String[] lines = head.toString().split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
      }
    }
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    byte[] body;
    if (status == 100 || status == 204 || status == 304) {
      body = new byte[0];
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      in.transferTo(rest);
      body = rest.toByteArray();
    }
    return new Response(lines[0], status, headers, body, head.toString());
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Closes with a TCP reset, as a crashing client or a dropped network would. */
  void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }
}
