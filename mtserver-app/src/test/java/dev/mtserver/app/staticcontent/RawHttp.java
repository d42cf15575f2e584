package dev.mtserver.app.staticcontent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP over a plain {@link Socket}, for requests a client library would refuse or tidy up (raw
 * {@code ..}, backslashes, absolute-form targets) and for reading exactly the bytes the server
 * sent. Each exchange uses its own connection, closed by the server ({@code Connection: close}).
 */
final class RawHttp {

  private static final int TIMEOUT_MILLIS = 5_000;

  private RawHttp() {}

  /** One response, parsed just enough: status, header lines, body bytes. */
  record Response(int status, List<String> headerLines, byte[] body, byte[] raw) {

    Optional<String> header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String line : headerLines) {
        if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return Optional.of(line.substring(prefix.length()).strip());
        }
      }
      return Optional.empty();
    }

    List<String> headers(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      List<String> found = new ArrayList<>();
      for (String line : headerLines) {
        if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          found.add(line.substring(prefix.length()).strip());
        }
      }
      return found;
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String rawText() {
      return new String(raw, StandardCharsets.ISO_8859_1);
    }
  }

  /** Sends {@code method target HTTP/1.1} with a Host, {@code Connection: close} and extra header lines. */
  static Response send(InetSocketAddress server, String method, String target, String... headerLines)
      throws IOException {
    StringBuilder request = new StringBuilder()
        .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: localhost\r\n")
        .append("Connection: close\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    request.append("\r\n");
    return exchange(server, request.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes {@code request} as is and reads everything until the server closes. */
  static Response exchange(InetSocketAddress server, byte[] request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      byte[] raw = readAll(socket.getInputStream());
      return parse(raw);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toByteArray();
  }

  static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete response head in: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String> headers = List.of(lines).subList(1, lines.length);
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    return new Response(status, headers, body, raw);
  }

  /**
   * Sends the requests one after another on one persistent connection, reading each response
   * (framed by its Content-Length) before sending the next.
   */
  static List<Response> sequential(InetSocketAddress server, List<String> requests) throws IOException {
    List<Response> responses = new ArrayList<>();
    try (Socket socket = new Socket()) {
      socket.connect(server, TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      for (String request : requests) {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            throw new IOException("connection closed after " + responses.size() + " responses");
          }
          head.write(b);
        }
        Response parsed = parse(head.toByteArray());
        boolean bodyless = request.startsWith("HEAD ") || parsed.status() == 304 || parsed.status() == 204;
        int length = bodyless ? 0 : Integer.parseInt(parsed.header("Content-Length").orElse("0"));
        byte[] body = in.readNBytes(length);
        responses.add(new Response(parsed.status(), parsed.headerLines(), body, head.toByteArray()));
      }
    }
    return responses;
  }
}
