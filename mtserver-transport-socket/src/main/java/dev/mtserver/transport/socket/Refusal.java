package dev.mtserver.transport.socket;

import dev.mtserver.http.spi.ConnectionHandler;
import dev.mtserver.threads.ThreadSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Connections the server cannot give a worker: accepted while every worker was busy for longer than
 * the overload wait, or whose worker thread could not be created. Each goes to the HTTP engine's
 * overload path ({@link ConnectionHandler#serveOverloaded}) on one of at most {@link #THREADS}
 * virtual threads, under short deadlines ({@link #DEADLINE} for the request and for the answer):
 * the engine reads the one request and answers what must stay reachable for an operator (health
 * check, metrics), and {@code 503} with {@code Retry-After} to the rest. An engine without an
 * overload path gets the transport's own fixed 503 instead.
 *
 * <p>Either way the connection then closes with a lingering close ({@link
 * SocketConnection#closeGracefully}: half-close, then read and discard what the client still sends,
 * for up to the close linger): a client still sending its request reads the 503 instead of losing
 * it to a reset. When all {@link #THREADS} are busy, the acceptor waits up to the close linger for
 * one, while new connections wait in the kernel's backlog; only after that is the fixed 503 written
 * and the socket closed at once — the one path left on which a client still sending may see a
 * reset, and only under a flood of refused connections.
 */
final class Refusal {

  private static final String BODY = "503 Service Unavailable\n";

  /** Refusals answered at once; more wait for a thread (see the class comment). */
  static final int THREADS = 64;

  /** How long a refused connection may take to send its request head, or to take its answer. */
  static final Duration DEADLINE = Duration.ofSeconds(2);

  private final ConnectionHandler handler;
  private final ServingContext context;
  private final Set<SocketConnection> refusing;
  private final Duration retryAfter;
  private final Duration slotWait;
  private final byte[] response;
  private final Semaphore slots = new Semaphore(THREADS);
  private final ThreadFactory threads;
  private final ListenerSecurity security;

  /**
   * @param serving the server's context; refused connections get a copy whose read and write
   *     deadlines are at most {@link #DEADLINE}
   * @param refusing where connections being refused are kept while they are, for the deadline
   *     watchdog and the shutdown
   * @param threads where its virtual threads ({@code mtserver-refusal-N}) come from
   */
  Refusal(
      ServingContext serving,
      ConnectionHandler handler,
      Set<SocketConnection> refusing,
      ThreadSource threads,
      ListenerSecurity security) {
    this.security = security;
    TransportConfig config = serving.config();
    this.threads = threads.virtualThreads("mtserver-refusal");
    this.handler = handler;
    this.refusing = refusing;
    this.context =
        new ServingContext(
            shortDeadlines(config),
            serving.drainingFlag(),
            serving.requests(),
            serving.traffic(),
            serving.cork(),
            serving.quietWait());
    this.retryAfter = config.overloadWait();
    this.slotWait = config.closeLinger();
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    String head =
        "HTTP/1.1 503 Service Unavailable\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: "
            + BODY.length()
            + "\r\n"
            + "Retry-After: "
            + seconds
            + "\r\n"
            + "Connection: close\r\n"
            + "\r\n";
    this.response = (head + BODY).getBytes(StandardCharsets.US_ASCII);
  }

  private static TransportConfig shortDeadlines(TransportConfig config) {
    return config.toBuilder()
        .idleTimeout(shorter(config.idleTimeout()))
        .headerTimeout(shorter(config.headerTimeout()))
        .bodyTimeout(shorter(config.bodyTimeout()))
        .writeTimeout(shorter(config.writeTimeout()))
        .build();
  }

  private static Duration shorter(Duration timeout) {
    return timeout.compareTo(DEADLINE) < 0 ? timeout : DEADLINE;
  }

  /**
   * Answers {@code channel} on a refusal thread, waiting up to the close linger for one; past that
   * (or when no thread can be started), writes the fixed 503 and closes at once. Called by the
   * acceptor.
   */
  void refuse(SocketChannel channel) {
    boolean slot;
    try {
      slot = slots.tryAcquire(slotWait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the shutdown: the acceptor sees it next
      slot = false;
    }
    dispatch(channel, slot);
  }

  /**
   * As {@link #refuse}, but only on a refusal thread that is free now; else the fixed 503 goes out
   * at once, its request unread. For refusals one client causes ({@code --max-connections-per-ip}),
   * which must never make the acceptor wait.
   */
  void refuseWithoutWaiting(SocketChannel channel) {
    dispatch(channel, slots.tryAcquire());
  }

  /** On a refusal thread when {@code slot} was taken for it, else the fixed 503 at once. */
  private void dispatch(SocketChannel channel, boolean slot) {
    if (slot) {
      try {
        threads
            .newThread(
                () -> {
                  try {
                    answer(channel);
                  } finally {
                    slots.release();
                  }
                })
            .start();
        return;
      } catch (RuntimeException | OutOfMemoryError e) {
        slots.release();
        if (e instanceof OutOfMemoryError oom && !ThreadSource.cannotCreateThread(oom)) {
          sendAndClose(channel);
          throw oom;
        }
      }
    }
    sendAndClose(channel);
  }

  /**
   * On a refusal thread: the engine answers the connection's one request (or the fixed 503 goes
   * out, its request unread), then the lingering close.
   */
  private void answer(SocketChannel channel) {
    SocketConnection connection = null;
    try {
      connection = new SocketConnection(channel, context);
      refusing.add(connection);
      if (!security.secure(connection)) {
        connection.closeGracefully(); // no handshake: plain HTTP got its 400, or the client left
        return;
      }
      if (!handler.serveOverloaded(connection, retryAfter)) {
        connection.write(ByteBuffer.wrap(response));
        connection.lingerOnClose(); // its request is still unread
      }
      connection.closeGracefully();
    } catch (IOException e) {
      // the client went away, or took too long: nothing more to deliver
    } finally {
      if (connection != null) {
        refusing.remove(connection);
      }
      closeQuietly(channel);
    }
  }

  /** Sends the fixed 503 without blocking and closes at once. */
  private void sendAndClose(SocketChannel channel) {
    try (channel) {
      if (security.isTls()) {
        return; // a clear-text 503 means nothing to a TLS client, and there is no time to shake
        // hands
      }
      channel.configureBlocking(false);
      channel.write(ByteBuffer.wrap(response));
      channel.shutdownOutput();
    } catch (IOException e) {
      // the client went away first
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // the connection is gone either way
    }
  }
}
