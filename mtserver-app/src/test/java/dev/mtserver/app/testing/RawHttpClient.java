package dev.mtserver.app.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP/1.1 connection over a plain {@link Socket}, for what a client library will not do: send
 * exactly the bytes a test wants (malformed ones, half a request, a request dribbled a byte at a
 * time, several pipelined at once), read exactly what the server sent back, notice that the server
 * closed, or end with a TCP reset as a crashing client would.
 *
 * <p>Reading is strict on purpose, so that a sloppy server fails the test: every line of a head or
 * of a chunked body must end in CRLF, and a body framed by {@code Content-Length} or chunked
 * encoding must arrive whole, or the read throws. Two ways of reading are deliberately lenient,
 * each for the tests that need it: {@link #readPossiblyCutResponse()} reports a body cut short
 * instead of throwing (the server may legitimately give up mid-body), and {@link #readUntilClose()}
 * takes everything up to the close as the body, without any framing (so a body the server must not
 * send, say to {@code HEAD} or with a 304, cannot hide behind it).
 *
 * <p>Every read has a timeout (the one given to {@code connect}), so a server that hangs fails the
 * test instead of stalling the build. The input is not buffered: a test that reads the body itself
 * through {@link #input()} consumes bytes from the socket only as it asks for them.
 */
public final class RawHttpClient implements AutoCloseable {

  /** Long enough for a busy two-core CI machine, short enough that a hang fails in seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

  /**
   * On loopback a connection is accepted into the kernel's backlog or refused at once; this bound
   * only matters when a full backlog drops the handshake and the kernel retries it.
   */
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.\\d (\\d{3})(?: .*)?");

  /** The status line and header fields of a response, as they came off the wire. */
  public record Head(String statusLine, List<String> headerLines) {

    public Head {
      headerLines = List.copyOf(headerLines);
    }

    public int status() {
      Matcher m = STATUS_LINE.matcher(statusLine);
      if (!m.matches()) {
        throw new IllegalStateException("not a status line: " + statusLine);
      }
      return Integer.parseInt(m.group(1));
    }

    /**
     * The value of the first field called {@code name} (in any case), without surrounding blanks.
     */
    public Optional<String> header(String name) {
      for (String line : headerLines) {
        int colon = line.indexOf(':');
        if (colon == name.length() && line.regionMatches(true, 0, name, 0, colon)) {
          return Optional.of(line.substring(colon + 1).strip());
        }
      }
      return Optional.empty();
    }

    /**
     * The head exactly as sent, blank line included (lines are CRLF-strict, so nothing was lost).
     */
    public String text() {
      StringBuilder text = new StringBuilder(statusLine).append("\r\n");
      for (String line : headerLines) {
        text.append(line).append("\r\n");
      }
      return text.append("\r\n").toString();
    }

    /** RFC 9110 §6.4.1: interim (1xx), 204 and 304 responses never have content. */
    boolean mayHaveBody() {
      int status = status();
      return status >= 200 && status != 204 && status != 304;
    }
  }

  /**
   * A whole response. {@code complete} is false only from {@link #readPossiblyCutResponse()}, when
   * the server closed or reset the connection before the body's end: {@code body} is what came.
   */
  public record Response(Head head, byte[] body, boolean complete) {

    public int status() {
      return head.status();
    }

    /** See {@link Head#header(String)}. */
    public Optional<String> header(String name) {
      return head.header(name);
    }

    /** The header fields in the order the server sent them, each line as it was. */
    public List<String> headerLines() {
      return head.headerLines();
    }

    public String bodyText() {
      return new String(body, UTF_8);
    }

    /** Head and body as one string, byte for byte (ISO-8859-1): for "never says X anywhere". */
    public String text() {
      return head.text() + new String(body, ISO_8859_1);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttpClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects with the {@link #DEFAULT_READ_TIMEOUT}. */
  public static RawHttpClient connect(InetSocketAddress server) throws IOException {
    return connect(server, DEFAULT_READ_TIMEOUT);
  }

  /**
   * Connects to the host and port of {@code server} (a URL such as {@code http://127.0.0.1:8080/}).
   */
  public static RawHttpClient connect(URI server, Duration readTimeout) throws IOException {
    return connect(new InetSocketAddress(server.getHost(), server.getPort()), readTimeout);
  }

  public static RawHttpClient connect(InetSocketAddress server, Duration readTimeout)
      throws IOException {
    return connect(server, readTimeout, -1);
  }

  /**
   * Connects to {@code server}, with a receive buffer of its own size.
   *
   * @param receiveBuffer the socket's receive buffer in bytes, or -1 for the kernel's default. It
   *     is set before connecting, because the window scale is agreed in the handshake: a small
   *     buffer makes a slow reader the server cannot push much at; a large fixed one keeps the
   *     kernel's autotuning from changing the window during a measurement.
   */
  public static RawHttpClient connect(
      InetSocketAddress server, Duration readTimeout, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    try {
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(server, CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(toMillis(readTimeout));
      return new RawHttpClient(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  // ---------------------------------------------------------------- requests

  /**
   * The head of a request: {@code method target HTTP/1.1}, a {@code Host: test} (unless {@code
   * fields} bring their own Host), the {@code fields} in order, and the blank line.
   */
  public static String request(String method, String target, String... fields) {
    StringBuilder head =
        new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    boolean hasHost = false;
    for (String field : fields) {
      hasHost |= field.regionMatches(true, 0, "Host:", 0, 5);
    }
    if (!hasHost) {
      head.append("Host: test\r\n");
    }
    for (String field : fields) {
      head.append(field).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  /** {@code GET path HTTP/1.1} with {@code Host: test} and nothing else. */
  public static String get(String path) {
    return request("GET", path);
  }

  /** Sends {@code text} as ISO-8859-1, one byte per char, so any byte can be written as a char. */
  public RawHttpClient send(String text) throws IOException {
    return send(text.getBytes(ISO_8859_1));
  }

  public RawHttpClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  // ---------------------------------------------------------------- responses

  /** Reads a status line and header fields up to the blank line, and nothing of the body. */
  public Head readHead() throws IOException {
    String statusLine = readLine();
    if (!STATUS_LINE.matcher(statusLine).matches()) {
      throw new IOException("not a status line: " + statusLine);
    }
    List<String> fields = new ArrayList<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      if (line.indexOf(':') <= 0) {
        throw new IOException("not a header field: " + line);
      }
      fields.add(line);
    }
    return new Head(statusLine, fields);
  }

  /**
   * Reads the next response, framed as a client must (RFC 9112 §6.3): none for 1xx, 204 and 304;
   * chunked; {@code Content-Length}; else up to the close. An interim {@code 100 Continue} is
   * returned as a response of its own. Throws {@link EOFException} if the connection ends early.
   */
  public Response readResponse() throws IOException {
    return read(false);
  }

  /**
   * Reads the answer to a {@code HEAD} request: its head only, whatever its Content-Length says.
   */
  public Response readResponseToHead() throws IOException {
    return new Response(readHead(), new byte[0], true);
  }

  /**
   * Like {@link #readResponse()}, but a body cut short by the server's close or reset is returned
   * as far as it came, with {@code complete} false, instead of throwing: for tests where the server
   * may give up mid-response (a failing disk, an early answer to an upload it refuses). The head
   * must still arrive whole.
   */
  public Response readPossiblyCutResponse() throws IOException {
    return read(true);
  }

  private Response read(boolean cutIsAnAnswer) throws IOException {
    Head head = readHead();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (head.mayHaveBody()) {
      try {
        readBody(head, body);
      } catch (EOFException | SocketException cut) { // a timeout is neither: it always throws
        if (!cutIsAnAnswer) {
          throw cut;
        }
        return new Response(head, body.toByteArray(), false);
      }
    }
    return new Response(head, body.toByteArray(), true);
  }

  /**
   * Reads a head and then everything up to the server's close as the body, with no framing at all:
   * for {@code Connection: close} exchanges whose every byte a test wants to see.
   */
  public Response readUntilClose() throws IOException {
    Head head = readHead();
    return new Response(head, in.readAllBytes(), true);
  }

  /**
   * One line without its CRLF; a bare LF from the server is an error, as the server makes it one
   * for us.
   */
  public String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int b = in.read(); b != -1; previous = b, b = in.read()) {
      if (b == '\n') {
        if (previous != '\r') {
          throw new IOException("bare LF from the server after: " + line.toString(ISO_8859_1));
        }
        return new String(line.toByteArray(), 0, line.size() - 1, ISO_8859_1);
      }
      line.write(b);
    }
    throw new EOFException("connection closed after " + line.size() + " bytes of a line");
  }

  private void readBody(Head head, ByteArrayOutputStream body) throws IOException {
    Optional<String> length = head.header("Content-Length");
    if (head.header("Transfer-Encoding")
        .filter(coding -> coding.equalsIgnoreCase("chunked"))
        .isPresent()) {
      readChunked(body);
    } else if (length.isPresent()) {
      copy(Long.parseLong(length.get()), body);
    } else {
      in.transferTo(body);
    }
  }

  private void readChunked(ByteArrayOutputStream body) throws IOException {
    while (true) {
      String sizeLine = readLine();
      int semicolon =
          sizeLine.indexOf(';'); // a chunk extension: ignored, as RFC 9112 §7.1.1 allows
      long size =
          Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
      if (size == 0) {
        break;
      }
      copy(size, body);
      if (!readLine().isEmpty()) {
        throw new IOException("chunk data not followed by CRLF");
      }
    }
    while (!readLine().isEmpty()) {
      // trailer fields: not needed by any test, but they must be read to reach the next response
    }
  }

  private void copy(long length, ByteArrayOutputStream body) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("body ended after " + (length - left) + " of " + length + " bytes");
      }
      body.write(buffer, 0, n);
      left -= n;
    }
  }

  // ---------------------------------------------------------------- the connection itself

  /**
   * True if the next read sees the server's close (end of stream or a reset) within {@code limit};
   * false if the limit passes first, or if a byte arrives instead: a server that sends more than
   * the test expected has not closed.
   */
  public boolean closedByServer(Duration limit) throws IOException {
    int readTimeout = socket.getSoTimeout();
    socket.setSoTimeout(toMillis(limit));
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    } finally {
      socket.setSoTimeout(readTimeout);
    }
  }

  /** {@link #closedByServer(Duration)} within the read timeout. */
  public boolean closedByServer() throws IOException {
    return closedByServer(readTimeout());
  }

  /** Changes the timeout of every read from now on. */
  public RawHttpClient readTimeout(Duration timeout) throws SocketException {
    socket.setSoTimeout(toMillis(timeout));
    return this;
  }

  public Duration readTimeout() throws SocketException {
    return Duration.ofMillis(socket.getSoTimeout());
  }

  /**
   * The unbuffered stream from the server, for a test that reads (or withholds reading) a body
   * itself.
   */
  public InputStream input() {
    return in;
  }

  /**
   * The unbuffered stream to the server, for a test that streams a large body through its own
   * buffer.
   */
  public OutputStream output() {
    return out;
  }

  /**
   * The client's port: what the server sees as the peer's port (e.g. to find the connection in
   * {@code ss}).
   */
  public int localPort() {
    return socket.getLocalPort();
  }

  /** Closes with a TCP reset instead of a FIN, as a crashing client or a dropped network would. */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A socket timeout of 0 would mean "forever": a positive limit is at least a millisecond. */
  private static int toMillis(Duration timeout) {
    return (int) Math.max(1, timeout.toMillis());
  }
}
