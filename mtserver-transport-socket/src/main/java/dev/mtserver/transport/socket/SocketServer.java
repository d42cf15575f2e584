package dev.mtserver.transport.socket;

import dev.mtserver.http.spi.ConnectionHandler;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket, its accept loop and the workers: the classic pthread server.
 *
 * <p>The accept loop runs on the thread {@code mtserver-acceptor}. Before each {@code accept()} it
 * takes a permit from a semaphore of {@code maxConnections} permits, so the number of workers is
 * bounded and counted; while none is free, new connections wait in the kernel's backlog. Each
 * accepted connection runs on its own worker thread ({@code mtserver-worker-N}) until the {@link
 * ConnectionHandler} returns, and the permit is given back in a {@code finally}.
 */
public final class SocketServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

  private final TransportConfig config;
  private final ConnectionHandler handler;
  private final Semaphore permits;
  private final ThreadFactory workers;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private volatile boolean draining;
  private ServerSocketChannel listener;
  private Thread acceptor;

  public SocketServer(TransportConfig config, ConnectionHandler handler) {
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.permits = new Semaphore(config.maxConnections());
    this.workers = workerThreads(config.threadMode());
  }

  private static ThreadFactory workerThreads(ThreadMode mode) {
    return switch (mode) {
      case PLATFORM -> Thread.ofPlatform().name("mtserver-worker-", 1).factory();
      case VIRTUAL -> Thread.ofVirtual().name("mtserver-worker-", 1).factory();
    };
  }

  /**
   * Binds the listening socket (trying the configured fallback ports if the first is taken) and
   * starts the accept loop.
   *
   * @return the address actually bound, with an ephemeral port resolved
   * @throws BindException if no port in the range could be bound
   */
  public InetSocketAddress start() throws IOException {
    listener = bind();
    InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
    acceptor = Thread.ofPlatform().name("mtserver-acceptor").unstarted(this::acceptLoop);
    acceptor.start();
    return bound;
  }

  private ServerSocketChannel bind() throws IOException {
    BindException last = null;
    for (int i = 0; i <= config.portFallbacks(); i++) {
      int port = config.port() == 0 ? 0 : config.port() + i;
      ServerSocketChannel channel = ServerSocketChannel.open();
      try {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(new InetSocketAddress(config.bindAddress(), port), config.backlog());
        if (i > 0) {
          log.info("Port {} was taken; using {}", config.port(), port);
        }
        return channel;
      } catch (BindException e) {
        channel.close();
        last = e;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }
    String range = config.portFallbacks() == 0
        ? Integer.toString(config.port())
        : config.port() + ".." + (config.port() + config.portFallbacks());
    BindException failure = new BindException(
        "cannot listen on " + config.bindAddress().getHostAddress() + ":" + range + ": " + last.getMessage());
    failure.initCause(last);
    throw failure;
  }

  private void acceptLoop() {
    while (listener.isOpen()) {
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        return;
      }
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (ClosedChannelException e) {
        permits.release();
        return;
      } catch (IOException e) {
        permits.release();
        log.warn("accept failed: {}", e.toString());
        continue;
      }
      accepted.incrementAndGet();
      startWorker(channel);
    }
  }

  private void startWorker(SocketChannel channel) {
    try {
      workers.newThread(() -> runWorker(channel)).start();
    } catch (OutOfMemoryError | RuntimeException e) {
      permits.release();
      closeQuietly(channel);
      log.warn("could not start a worker thread: {}", e.toString());
    }
  }

  private void runWorker(SocketChannel channel) {
    int now = active.incrementAndGet();
    peak.accumulateAndGet(now, Math::max);
    try (channel) {
      handler.serve(new SocketConnection(channel, config, () -> draining));
    } catch (IOException e) {
      log.debug("connection ended: {}", e.toString());
    } catch (RuntimeException e) {
      log.warn("worker failed", e);
    } finally {
      active.decrementAndGet();
      permits.release();
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to do for a connection we are abandoning
    }
  }

  /** Connections being served right now. */
  public int activeConnections() {
    return active.get();
  }

  /** The most connections served at once since start. */
  public int peakConnections() {
    return peak.get();
  }

  /** Stops accepting and waits up to the shutdown grace for connections to finish. */
  @Override
  public void close() throws IOException {
    draining = true;
    if (listener != null) {
      listener.close();
    }
    if (acceptor != null) {
      acceptor.interrupt();
    }
    try {
      permits.tryAcquire(config.maxConnections(), config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
