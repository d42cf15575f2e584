package dev.mtserver.transport.socket;

import dev.mtserver.http.spi.ChannelTransfer;
import dev.mtserver.http.spi.ClientConnection;
import dev.mtserver.http.spi.ConnectionHandler;
import dev.mtserver.http.spi.ReadPhase;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately tiny HTTP/1.1 responder written against the SPI only, just enough to drive the
 * transport the way the real keep-alive loop does: IDLE until a first byte, HEADER for the head
 * (408 when its deadline passes), BODY for a Content-Length body, one gathering write per response,
 * {@code Connection: close} once the transport is draining.
 *
 * <p>Routes: {@code /hello}; {@code /thread} (the worker thread's name); {@code /interrupted} (the
 * same, leaving the thread's interrupt status set); {@code /slow} (waits for {@link #releaseSlow});
 * {@code /sleep/MS}; {@code /bytes/N} (N bytes in 64 KiB writes); {@code /file/FROM/COUNT} (a
 * zero-copy transfer of {@link #file}, handed over with its head as the engine does); {@code
 * /file-after-head/FROM/COUNT} (the same, the head written first); {@code /mapped/FROM/COUNT} and
 * {@code /mapped-after-head/FROM/COUNT} (the same from a body that offers {@link #file} mapped);
 * {@code /boom} (throws); {@code /oom} (throws an OutOfMemoryError); any POST echoes its body's
 * length, and {@code POST /slow-reader/MS} reads its body a KiB at a time, pausing MS between reads
 * (a slow disk).
 *
 * <p>Under overload it declines ({@link #serveOverloaded} returns false: the transport sends its
 * own 503) unless a test sets {@link #answersWhileOverloaded}: then it reads the one request and
 * answers {@code /healthz} with 200 and anything else with 503 and the given {@code Retry-After}.
 */
final class TinyHttpHandler implements ConnectionHandler {

  /** Opened by a test to let every {@code /slow} request finish. */
  final CountDownLatch releaseSlow = new CountDownLatch(1);

  /** One permit per {@code /slow} request that has arrived. */
  final Semaphore slowArrived = new Semaphore(0);

  /** Request bodies whose reading failed: an upload that would delete its partial file. */
  final AtomicInteger failedBodies = new AtomicInteger();

  /** The target of every {@code transferTo} call, in order. */
  final List<Object> transferTargets = new CopyOnWriteArrayList<>();

  /** How many bytes each {@code transferTo} call to the socket channel was offered, in order. */
  final List<Long> socketOffers = new CopyOnWriteArrayList<>();

  /** The name of the thread that served each {@code /file/...} request, in order. */
  final List<String> fileServedBy = new CopyOnWriteArrayList<>();

  /** The file served by {@code /file/...}. */
  volatile Path file;

  /** Whether connections refused under overload are answered here (else by the transport). */
  volatile boolean answersWhileOverloaded;

  @Override
  public void serve(ClientConnection connection) throws IOException {
    InputStream in = connection.input();
    while (!connection.draining()) {
      connection.readPhase(ReadPhase.IDLE);
      int first = in.read();
      if (first < 0) {
        return;
      }
      connection.readPhase(ReadPhase.HEADER);
      Request request;
      try {
        request = Request.read(first, in);
      } catch (SocketTimeoutException e) {
        connection.lastWriteBeforeClose(); // as the engine does before a closing response
        respond(connection, "408 Request Timeout", "timeout\n", false);
        return;
      }
      if (request == null) {
        return;
      }
      byte[] body = new byte[0];
      if (request.contentLength() > 0) {
        connection.readPhase(ReadPhase.BODY);
        try {
          body =
              request.path().startsWith("/slow-reader/")
                  ? readSlowly(
                      in, request.contentLength(), Long.parseLong(request.path().substring(13)))
                  : in.readNBytes(request.contentLength());
          if (body.length < request.contentLength()) {
            throw new EOFException("body ended early");
          }
        } catch (IOException e) {
          failedBodies.incrementAndGet();
          throw e;
        }
      }
      if (!handle(connection, request, body)) {
        return;
      }
    }
  }

  @Override
  public boolean serveOverloaded(ClientConnection connection, java.time.Duration retryAfter)
      throws IOException {
    if (!answersWhileOverloaded) {
      return false;
    }
    InputStream in = connection.input();
    connection.readPhase(ReadPhase.IDLE);
    int first;
    try {
      first = in.read();
    } catch (SocketTimeoutException e) {
      return true; // nothing came in time: closed without a word
    }
    if (first < 0) {
      return true;
    }
    connection.readPhase(ReadPhase.HEADER);
    Request request = Request.read(first, in);
    if (request == null) {
      return true;
    }
    if (request.path().equals("/healthz")) {
      respond(connection, "200 OK", "ok while overloaded\n", false);
    } else {
      byte[] body = "busy\n".getBytes(StandardCharsets.US_ASCII);
      String head =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Length: "
              + body.length
              + "\r\nRetry-After: "
              + Math.max(1, retryAfter.toSeconds())
              + "\r\nConnection: close\r\n\r\n";
      connection.write(
          ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(body));
    }
    if (request.contentLength() > 0) {
      connection.lingerOnClose(); // its body is unread
    }
    return true;
  }

  /** Reads {@code length} bytes a KiB at a time, sleeping {@code pauseMillis} before each read. */
  private static byte[] readSlowly(InputStream in, int length, long pauseMillis)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] kib = new byte[1024];
    while (body.size() < length) {
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      int n = in.read(kib, 0, Math.min(kib.length, length - body.size()));
      if (n < 0) {
        break;
      }
      body.write(kib, 0, n);
    }
    return body.toByteArray();
  }

  /** Answers one request; returns whether the connection stays open. */
  @SuppressWarnings(
      "RefactorSwitch") // each route is a small handler of its own, with early returns
  private boolean handle(ClientConnection connection, Request request, byte[] body)
      throws IOException {
    String[] parts = request.path().split("/", -1);
    String route = parts.length > 1 ? parts[1] : "";
    if (request.method().equals("POST")) {
      return respond(connection, request, "200 OK", body.length + "\n");
    }
    switch (route) {
      case "hello" -> {
        return respond(connection, request, "200 OK", "hello\n");
      }
      case "thread" -> {
        return respond(connection, request, "200 OK", Thread.currentThread().getName());
      }
      case "interrupted" -> { // leaves the serving thread's interrupt status set, as a handler may
        boolean answered = respond(connection, request, "200 OK", Thread.currentThread().getName());
        Thread.currentThread().interrupt(); // after the write, which an interrupt would stop
        return answered;
      }
      case "slow" -> {
        slowArrived.release();
        try {
          releaseSlow.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        return respond(connection, request, "200 OK", "slow\n");
      }
      case "sleep" -> {
        try {
          Thread.sleep(Long.parseLong(parts[2]));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        return respond(connection, request, "200 OK", "slept\n");
      }
      case "bytes" -> {
        long n = Long.parseLong(parts[2]);
        boolean keepAlive = keepAlive(connection, request);
        connection.write(head("200 OK", n, keepAlive));
        byte[] chunk = new byte[64 * 1024];
        for (long sent = 0; sent < n; sent += chunk.length) {
          connection.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, n - sent)));
        }
        return keepAlive;
      }
      case "file", "file-after-head" -> {
        long from = Long.parseLong(parts[2]);
        long count = Long.parseLong(parts[3]);
        boolean keepAlive = keepAlive(connection, request);
        fileServedBy.add(Thread.currentThread().getName());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          ChannelTransfer recording =
              (position, n, target) -> {
                transferTargets.add(target);
                if (target instanceof SocketChannel) {
                  socketOffers.add(n);
                }
                return channel.transferTo(position, n, target);
              };
          sendWithHead(
              connection, !parts[1].endsWith("-after-head"), recording, from, count, keepAlive);
        }
        return keepAlive;
      }
      case "mapped", "mapped-after-head" -> {
        long from = Long.parseLong(parts[2]);
        long count = Long.parseLong(parts[3]);
        boolean keepAlive = keepAlive(connection, request);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
          ChannelTransfer mapped =
              new ChannelTransfer() {
                @Override
                public long transferTo(long position, long n, WritableByteChannel target)
                    throws IOException {
                  transferTargets.add(target);
                  return channel.transferTo(position, n, target);
                }

                @Override
                public ByteBuffer inMemory(long position, long n) {
                  return mapping.slice((int) position, (int) n).asReadOnlyBuffer();
                }
              };
          sendWithHead(
              connection, !parts[1].endsWith("-after-head"), mapped, from, count, keepAlive);
        }
        return keepAlive;
      }
      case "last" -> {
        connection.lastWriteBeforeClose(); // as the engine does before a closing response
        return respond(connection, "200 OK", "last\n", false);
      }
      case "boom" -> throw new IllegalStateException("boom: a bug in a handler");
      case "oom" -> throw new OutOfMemoryError("Java heap space (thrown by a test)");
      default -> {
        return respond(connection, request, "404 Not Found", "not found\n");
      }
    }
  }

  private static boolean keepAlive(ClientConnection connection, Request request) {
    return !request.close() && !connection.draining();
  }

  private static boolean respond(
      ClientConnection connection, Request request, String status, String text) throws IOException {
    return respond(connection, status, text, keepAlive(connection, request));
  }

  private static boolean respond(
      ClientConnection connection, String status, String text, boolean keepAlive)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    connection.write(head(status, body.length, keepAlive), ByteBuffer.wrap(body));
    return keepAlive;
  }

  /**
   * A 200 with {@code count} bytes of {@code body} from {@code from}: the head handed to the
   * transfer with the body ({@code together}, the way the engine sends a file), or written first.
   */
  private static void sendWithHead(
      ClientConnection connection,
      boolean together,
      ChannelTransfer body,
      long from,
      long count,
      boolean keepAlive)
      throws IOException {
    if (together) {
      connection.transfer(head("200 OK", count, keepAlive), body, from, count);
    } else {
      connection.write(head("200 OK", count, keepAlive));
      connection.transfer(body, from, count);
    }
  }

  static ByteBuffer head(String status, long length, boolean keepAlive) {
    String head =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Length: "
            + length
            + "\r\n"
            + (keepAlive ? "" : "Connection: close\r\n")
            + "\r\n";
    return ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
  }

  /** The little a test request says: method, path, body length, whether it asks to close. */
  record Request(String method, String path, int contentLength, boolean close) {

    /** Reads a head byte by byte (never past its end); null if the stream ends inside it. */
    static Request read(int first, InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.write(first);
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n", -1);
      String[] requestLine = lines[0].split(" ", -1);
      int length = 0;
      boolean close = false;
      for (int i = 1; i < lines.length; i++) {
        String line = lines[i].toLowerCase(Locale.ROOT);
        if (line.startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).strip());
        } else if (line.startsWith("connection:") && line.contains("close")) {
          close = true;
        }
      }
      return new Request(requestLine[0], requestLine[1], length, close);
    }
  }
}
