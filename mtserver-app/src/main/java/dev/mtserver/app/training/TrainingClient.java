package dev.mtserver.app.training;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

/**
 * One loopback connection to the server, on which requests are written as a client writes them and
 * each response is read to its end: by its {@code Content-Length}, its chunks, or the close.
 *
 * <p>The requests are the training run's, so this is deliberately a small client: HTTP/1.1 and
 * HTTP/1.0 over plain TCP, no TLS, no redirects, no pipelining. A response that cannot be read is
 * an {@link IOException}, which ends the training run.
 */
final class TrainingClient implements AutoCloseable {

  /** How long any read may wait: the server is on the same host, so only a fault takes long. */
  private static final int READ_TIMEOUT_MILLIS = 10_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  /** What a body is read into and dropped from; 16 KiB, as {@code curl} reads. */
  private final byte[] skipBuffer = new byte[16 * 1024];

  private TrainingClient(Socket socket, String host) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
    this.out = socket.getOutputStream();
    this.host = host;
  }

  /** Connects to {@code server}. */
  static TrainingClient connect(InetSocketAddress server) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(server, READ_TIMEOUT_MILLIS);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      return new TrainingClient(
          socket, server.getAddress().getHostAddress() + ":" + server.getPort());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends {@code method target} in {@code version} with a {@code Host} and {@code headers} (each
   * line ending in CRLF), then reads the response to its end.
   *
   * @return the response's status code
   */
  int exchange(String method, String target, String version, String headers) throws IOException {
    String request =
        method + " " + target + " " + version + "\r\nHost: " + host + "\r\n" + headers + "\r\n";
    out.write(request.getBytes(US_ASCII));
    out.flush();
    return readResponse(method.equals("HEAD"));
  }

  private int readResponse(boolean head) throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String field = line(); !field.isEmpty(); field = line()) {
      int colon = field.indexOf(':');
      if (colon <= 0) {
        throw new IOException("not a header field: " + field);
      }
      String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = field.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = Long.parseLong(value);
      } else if (name.equals("transfer-encoding")) {
        chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
      }
    }
    if (head || status == 204 || status == 304 || status / 100 == 1) {
      return status; // no body (RFC 9112, section 6.3)
    }
    if (chunked) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        skip(size);
        line(); // the CRLF after the chunk's data
      }
      while (!line().isEmpty()) {
        // trailer fields, if any
      }
    } else if (length >= 0) {
      skip(length);
    } else {
      while (in.read(skipBuffer) >= 0) {
        // a body delimited by the close
      }
    }
    return status;
  }

  private long chunkSize() throws IOException {
    String line = line();
    int extension = line.indexOf(';');
    return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
  }

  private void skip(long count) throws IOException {
    long left = count;
    while (left > 0) {
      int n = in.read(skipBuffer, 0, (int) Math.min(left, skipBuffer.length));
      if (n < 0) {
        throw new EOFException("the body ended " + left + " bytes short");
      }
      left -= n;
    }
  }

  /** One line of the head, without its CRLF. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("the connection closed in the response's head");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
