package dev.mtserver.transport.socket;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * The one HTTP message the transport writes itself: {@code 503 Service Unavailable} with {@code
 * Retry-After}, for a connection that found every worker busy for longer than the overload wait
 * (or whose worker thread could not be created). No handler may run for it, so the bytes are fixed.
 * The threads that write it are bounded too: a flood of refused connections costs at most
 * {@link #THREADS} virtual threads.
 */
final class Refusal {

  private static final String BODY = "503 Service Unavailable\n";
  private static final int LINGER_MAX_BYTES = 64 * 1024;
  /** Refusals answered with a lingering close at once; more are answered and closed at once. */
  static final int THREADS = 16;

  private final byte[] response;
  private final Duration linger;
  private final Semaphore slots = new Semaphore(THREADS);
  private final ThreadFactory threads =
      Thread.ofVirtual().name("mtserver-refusal-", 1).uncaughtExceptionHandler(WorkerThreads.LOG_UNCAUGHT).factory();

  /**
   * A refusal telling clients to come back after {@code retryAfter}, rounded up to a second, and
   * lingering up to {@code linger} before each close.
   */
  Refusal(Duration retryAfter, Duration linger) {
    this.linger = linger;
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    String head = "HTTP/1.1 503 Service Unavailable\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + BODY.length() + "\r\n"
        + "Retry-After: " + seconds + "\r\n"
        + "Connection: close\r\n"
        + "\r\n";
    this.response = (head + BODY).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Answers {@code channel} with the 503 and closes it, without blocking the caller: on one of
   * {@link #THREADS} refusal threads with a lingering close, or, when all are busy, at once.
   */
  void refuse(SocketChannel channel) {
    if (slots.tryAcquire()) {
      try {
        threads.newThread(() -> {
          try {
            sendAndLinger(channel);
          } finally {
            slots.release();
          }
        }).start();
        return;
      } catch (RuntimeException | OutOfMemoryError e) {
        slots.release();
        if (e instanceof OutOfMemoryError oom && !WorkerThreads.cannotCreateThread(oom)) {
          sendAndClose(channel);
          throw oom;
        }
      }
    }
    sendAndClose(channel);
  }

  /**
   * Sends the 503, then reads and discards the client's request until it closes or the linger
   * passes, then closes: the client sees the response rather than a reset.
   */
  private void sendAndLinger(SocketChannel channel) {
    try (channel) {
      channel.write(ByteBuffer.wrap(response)); // a fresh socket's send buffer always has room
      channel.shutdownOutput();
      long until = System.nanoTime() + linger.toNanos();
      InputStream in = channel.socket().getInputStream();
      byte[] discard = new byte[2048];
      int total = 0;
      while (total < LINGER_MAX_BYTES) {
        long left = (until - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        int n = in.read(discard);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (SocketTimeoutException e) {
      // the client neither read nor closed: the linger is over
    } catch (IOException e) {
      // the client went away first
    }
  }

  /** Sends the 503 without blocking and closes at once. */
  private void sendAndClose(SocketChannel channel) {
    try (channel) {
      channel.configureBlocking(false);
      channel.write(ByteBuffer.wrap(response));
      channel.shutdownOutput();
    } catch (IOException e) {
      // the client went away first
    }
  }
}
