package dev.mtserver.app.cgi;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Raw HTTP/1.1 over a socket: for chunked requests, half-read responses and hanging up. */
final class Http implements AutoCloseable {

  record Response(int status, Map<String, String> headers, String body) {}

  final Socket socket;
  final InputStream in;

  Http(URI server) throws IOException {
    socket = new Socket(server.getHost(), server.getPort());
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
  }

  Http send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** The status line and header fields (names lower-cased). */
  Response readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside a response head: " + head);
      }
      head.append((char) b);
    }
    String[] lines = head.toString().split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, "");
  }

  /** A whole response: Content-Length, chunked, or up to the close. */
  Response read() throws IOException {
    Response head = readHead();
    String body;
    if (head.headers().containsKey("content-length")) {
      body = new String(in.readNBytes(Integer.parseInt(head.headers().get("content-length"))), ISO_8859_1);
    } else if ("chunked".equals(head.headers().get("transfer-encoding"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(line(), 16);
        if (size == 0) {
          line();
          break;
        }
        out.write(in.readNBytes(size));
        line();
      }
      body = out.toString(ISO_8859_1);
    } else {
      body = new String(in.readAllBytes(), ISO_8859_1);
    }
    return new Response(head.status(), head.headers(), body);
  }

  String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      line.append((char) b);
    }
    return line.toString().strip();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
