package dev.mtserver.transport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;

/**
 * A few lines of loopback server in front of {@link ServerTls}, doing what part 2's transport will:
 * read the first byte, answer plain HTTP with {@link PlainHttpDetector#response()}, hand everything
 * else to {@link ServerTls#serverSocket} with that byte replayed, then answer one request with
 * {@code 200 ok}. Failures are kept for the test to read.
 */
final class LoopbackTlsServer implements AutoCloseable {

  private final ServerTls tls;
  private final ServerSocket listener;
  private final Thread acceptor;
  final List<Throwable> failures = new CopyOnWriteArrayList<>();
  final List<String> protocols = new CopyOnWriteArrayList<>();

  LoopbackTlsServer(ServerTls tls) throws IOException {
    this.tls = tls;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.acceptor =
        Thread.ofPlatform().name("test-tls-acceptor").daemon(true).start(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      int first = in.read();
      if (first < 0) {
        return;
      }
      if (PlainHttpDetector.classify(first) == PlainHttpDetector.Verdict.PLAIN_HTTP) {
        socket.getOutputStream().write(PlainHttpDetector.response());
        socket.shutdownOutput();
        in.skip(Long.MAX_VALUE);
        return;
      }
      try (SSLSocket secure =
          tls.serverSocket(socket, new ByteArrayInputStream(new byte[] {(byte) first}))) {
        secure.startHandshake();
        protocols.add(secure.getSession().getProtocol() + " " + secure.getApplicationProtocol());
        InputStream request = secure.getInputStream();
        readHead(request);
        OutputStream out = secure.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      failures.add(e);
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b = in.read(); b >= 0; b = in.read()) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
