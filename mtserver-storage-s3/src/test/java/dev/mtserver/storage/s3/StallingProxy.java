package dev.mtserver.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of the store that can be told to go silent: while stalled, it accepts
 * connections and requests but passes no byte of any answer back, as an overloaded or half-dead
 * store does. Test code: it owns its sockets and threads.
 */
final class StallingProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean stalled;

  /** Answer bytes still to pass before the relay stalls by itself; negative when not armed. */
  private final java.util.concurrent.atomic.AtomicLong passBeforeStall =
      new java.util.concurrent.atomic.AtomicLong(-1);

  private volatile boolean closed;

  StallingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofPlatform().daemon().name("stalling-proxy-accept").start(this::acceptLoop);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort());
  }

  void stall(boolean stall) {
    passBeforeStall.set(-1);
    this.stalled = stall;
  }

  /**
   * Passes {@code bytes} more answer bytes, then stalls: a store that goes silent in the middle of
   * a body, whatever the socket buffers between here and the client would have held.
   */
  void stallAfter(long bytes) {
    passBeforeStall.set(bytes);
  }

  /** Counts {@code n} answer bytes against an armed {@link #stallAfter}; true once it ran out. */
  private boolean runsOut(int n) {
    if (passBeforeStall.get() < 0) {
      return false;
    }
    if (passBeforeStall.addAndGet(-n) < 0) {
      stalled = true;
    }
    return stalled;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, false);
        pump(upstream, client, true);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean answers) {
    Thread.ofPlatform()
        .daemon()
        .name("stalling-proxy-pump")
        .start(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  if (answers && runsOut(n)) {
                    int pass =
                        (int) Math.max(0, n + passBeforeStall.get()); // the part still allowed
                    out.write(buffer, 0, pass);
                    out.flush();
                    System.arraycopy(buffer, pass, buffer, 0, n - pass);
                    n -= pass;
                  }
                  while (answers && stalled && !closed) {
                    Thread.sleep(10);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // one side went away: the relay of this connection ends
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }
}
