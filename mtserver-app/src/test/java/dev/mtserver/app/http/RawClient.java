package dev.mtserver.app.http;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately dumb HTTP/1.1 client over a raw socket: it sends exactly the bytes it is given
 * (malformed ones included) and reads responses one at a time, framing them strictly. Every read
 * has a short timeout, so a server that hangs fails the test instead of stalling the build.
 */
final class RawClient implements Closeable {

  /** A response as read off the wire. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(InetSocketAddress server) throws IOException {
    socket = new Socket();
    socket.connect(server, 5000);
    socket.setSoTimeout(5000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawClient send(String bytes) throws IOException {
    out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** Reads the next response; {@code headRequest} when it answers HEAD (headers only). */
  Response read(boolean headRequest) throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not a status line: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String field = line(); !field.isEmpty(); field = line()) {
      int colon = field.indexOf(':');
      headers.put(field.substring(0, colon).toLowerCase(Locale.ROOT), field.substring(colon + 1).strip());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean bodiless = headRequest || status < 200 || status == 204 || status == 304;
    if (!bodiless) {
      if ("chunked".equals(headers.get("transfer-encoding"))) {
        for (int size; (size = Integer.parseInt(line(), 16)) > 0; line()) {
          body.write(in.readNBytes(size));
        }
        line();
      } else if (headers.containsKey("content-length")) {
        int length = Integer.parseInt(headers.get("content-length"));
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
          throw new IOException("body ended after " + bytes.length + " of " + length + " bytes");
        }
        body.write(bytes);
      } else {
        body.write(in.readAllBytes());
      }
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  Response read() throws IOException {
    return read(false);
  }

  /** True when the server closes the connection: the next read sees end of stream. */
  boolean closedByServer() throws IOException {
    return closedWithin(5000);
  }

  /** True when the server closes the connection within {@code millis}. */
  boolean closedWithin(int millis) throws IOException {
    int timeout = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset: closed too
    } finally {
      socket.setSoTimeout(timeout);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int b; (b = in.read()) != -1; previous = b) {
      if (b == '\n') {
        if (previous != '\r') {
          throw new IOException("bare LF from the server");
        }
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
    throw new IOException("connection closed inside a line");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
