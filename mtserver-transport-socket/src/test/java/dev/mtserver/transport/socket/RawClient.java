package dev.mtserver.transport.socket;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A client on a plain blocking socket: exact bytes out, responses parsed just enough. */
final class RawClient implements AutoCloseable {

  /** How long any single read may wait: a test that would hang fails instead. */
  static final Duration READ_LIMIT = Duration.ofSeconds(20);

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(InetSocketAddress server) throws IOException {
    this(server, 0);
  }

  /** With a receive buffer of {@code receiveBuffer} bytes (0 = the default). */
  RawClient(InetSocketAddress server, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(server, 10_000);
    socket.setSoTimeout((int) READ_LIMIT.toMillis());
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawClient send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** The socket's output, for a test that writes a large request piece by piece. */
  java.io.OutputStream output() {
    return out;
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n";
  }

  /**
   * Reads a response's head, then its body of {@code size} bytes in sips of at most 64 KiB with a
   * pause of 5 ms after each mebibyte: a slow reader, whose server finds its send buffer full again
   * and again (with a small receive buffer, {@link #RawClient(InetSocketAddress, int)}).
   */
  byte[] readBodySlowly(int size) throws IOException, InterruptedException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the connection ended in the head: " + head);
      }
      head.append((char) b);
    }
    byte[] body = new byte[size];
    int read = 0;
    while (read < size) {
      int n = in.read(body, read, Math.min(64 * 1024, size - read));
      if (n < 0) {
        throw new EOFException("the body ended after " + read + " of " + size + " bytes");
      }
      read += n;
      if (read % (1 << 20) < 64 * 1024) {
        Thread.sleep(5);
      }
    }
    return body;
  }

  /** Reads one response, or returns null if the server closed the connection first. */
  Response read() throws IOException {
    String statusLine = readLine();
    if (statusLine == null) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String line;
    while ((line = readLine()) != null && !line.isEmpty()) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Response(Integer.parseInt(statusLine.split(" ", -1)[1]), headers, body);
  }

  /** Reads one response that must be there. */
  Response readResponse() throws IOException {
    Response response = read();
    if (response == null) {
      throw new IOException("the server closed the connection without a response");
    }
    return response;
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

  /**
   * Waits for the server to close the connection: true once a read sees end of stream or a reset,
   * false if the connection is still open after {@code within}. Discards what it reads.
   */
  boolean closedByServer(Duration within) throws IOException {
    long until = System.nanoTime() + within.toNanos();
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
      return true; // reset
    } finally {
      socket.setSoTimeout((int) READ_LIMIT.toMillis());
    }
  }

  /** Closes with a reset (SO_LINGER 0) instead of a FIN. */
  void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
