package dev.mtserver.transport.socket;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How the leader (ADR 0050) waits while the server is quiet: in the kernel, blocked in {@code
 * poll(2)} on its carrier thread, so that the next connection, and then that connection's request,
 * wake this thread directly, as they wake an nginx worker (ADR 0054).
 *
 * <p>Why: a virtual thread that waits for a socket the JDK's way parks, and the JDK's poller wakes
 * it through two other threads: the connection wakes the master poller thread, which wakes a
 * carrier to run the sub-poller, which hands the leader to a carrier. On the 2-vCPU guests of issue
 * 17 that chain took 130–240 µs of a new connection's first millisecond, where nginx's worker was
 * back from {@code epoll_wait} and in {@code accept} 25 µs after the handshake. Waiting in the
 * kernel takes the carrier away from every other virtual thread, so it is done only while the
 * server is quiet: while fewer connections are served in the whole process than there are carriers,
 * each of them still has a carrier of its own; at most one thread in the process waits this way at
 * a time; and the wait looks again every {@link #RECHECK}, so a process whose other listener got
 * busy meanwhile gets its carrier back within that. Any other time the leader waits the JDK's way
 * ({@link #awaitConnectionParked}), until a connection comes or the process turns quiet again: the
 * connection that ends the busy spell wakes it, so that the next one finds it in the kernel.
 *
 * <p>The leader waits the same way, for at most {@link Leadership#PASS_AFTER}, for the request of a
 * connection it has just accepted, and for the next request (or the close) of its kept-alive
 * connection ({@link #awaitBytes}).
 *
 * <p>The counts are process-wide on purpose: every listener's virtual threads share the JDK's one
 * scheduler and its carriers.
 *
 * <p>How: the JDK's own native {@code poll} and {@code shutdown} helpers in {@code sun.nio.ch.Net}
 * ({@link NetNatives}), as {@link TcpCork} calls its {@code setsockopt}; where they are missing,
 * {@code sun.nio.ch} is not opened to this code, or there is only one carrier, {@link #detect}
 * returns an instance that never waits and says why.
 */
final class QuietWait {

  /** How often a wait in the kernel looks again whether the process is still quiet. */
  static final Duration RECHECK = Duration.ofMillis(50);

  // from <poll.h> and <sys/socket.h> on Linux
  private static final int POLLIN = 0x001;
  private static final int SHUT_RD = 0;

  /** Connections being served by every server in the process. */
  private static final AtomicInteger SERVING = new AtomicInteger();

  /** The thread waiting in the kernel for a connection, if any: one in the process at a time. */
  private static final AtomicReference<Thread> WAITING = new AtomicReference<>();

  /** Leaders waiting the JDK's way for a connection ({@link #awaitConnectionParked}). */
  private static final Set<Thread> PARKED = ConcurrentHashMap.newKeySet();

  /** The virtual-thread scheduler's carriers ({@link #carriers}). */
  private static final int CARRIERS = carriers();

  private final NetNatives natives;
  private final MethodHandle poll; // Net.poll(fd, events, timeoutMillis): int revents
  private final MethodHandle shutdown; // Net.shutdown(fd, how)
  private final MethodHandle park; // SelChImpl.park(event, nanos): the JDK's wait for a socket
  private final String unavailableReason;

  private QuietWait(
      NetNatives natives, MethodHandle poll, MethodHandle shutdown, MethodHandle park) {
    this.natives = natives;
    this.poll = poll;
    this.shutdown = shutdown;
    this.park = park;
    this.unavailableReason = null;
  }

  private QuietWait(String unavailableReason) {
    this.natives = null;
    this.poll = null;
    this.shutdown = null;
    this.park = null;
    this.unavailableReason = unavailableReason;
  }

  /** Waits in the kernel when it can: two carriers or more, and the JDK's helpers reachable. */
  static QuietWait detect() {
    if (CARRIERS < 2) {
      return new QuietWait("one carrier thread: a wait in the kernel would hold every one");
    }
    try {
      NetNatives natives = NetNatives.find();
      return new QuietWait(
          natives,
          natives.netMethod(
              "poll",
              MethodType.methodType(int.class, FileDescriptor.class, int.class, long.class)),
          natives.netMethod(
              "shutdown", MethodType.methodType(void.class, FileDescriptor.class, int.class)),
          natives
              .channelMethod("park", MethodType.methodType(void.class, int.class, long.class))
              .asType(
                  MethodType.methodType(
                      void.class, ServerSocketChannel.class, int.class, long.class)));
    } catch (IllegalAccessException e) {
      return new QuietWait(NetNatives.NOT_OPENED);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new QuietWait("this JDK has no sun.nio.ch.Net.poll (" + e + ")");
    }
  }

  /** The virtual-thread scheduler's carriers, as the JDK sizes them. */
  private static int carriers() {
    String configured = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    if (configured != null) {
      try {
        return Integer.parseInt(configured.strip());
      } catch (NumberFormatException e) {
        return 1; // the JDK refuses to start virtual threads then; never wait in the kernel
      }
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** Whether this instance ever waits in the kernel. */
  boolean available() {
    return unavailableReason == null;
  }

  /** Why it never does, or null when it can. */
  String unavailableReason() {
    return unavailableReason;
  }

  /** A connection began to be served, by any server of the process. */
  static void connectionBegan() {
    SERVING.incrementAndGet();
  }

  /**
   * A connection's service ended. The one that makes the process quiet again wakes the leaders that
   * wait the JDK's way ({@link #awaitConnectionParked}), so that they wait in the kernel again.
   */
  static void connectionEnded() {
    if (SERVING.decrementAndGet() == CARRIERS - 1 && !PARKED.isEmpty()) {
      for (Thread parked : PARKED) {
        LockSupport.unpark(parked);
      }
    }
  }

  /** Whether every connection being served would keep a carrier while one waits in the kernel. */
  private static boolean quiet() {
    return SERVING.get() < CARRIERS;
  }

  /**
   * While the process is quiet, waits in the kernel until a connection is there to accept.
   *
   * @param stopping whether the server is stopping: the wait ends when it is
   * @return true if a connection is waiting to be accepted (the leader's {@code accept()} will not
   *     park); false if this thread did not wait this way, or stopped waiting because the process
   *     got busy or the server is stopping: the caller then waits the JDK's way
   */
  boolean awaitConnection(ServerSocketChannel listener, BooleanSupplier stopping) {
    if (!available() || !quiet() || !WAITING.compareAndSet(null, Thread.currentThread())) {
      return false;
    }
    try {
      FileDescriptor fd = natives.descriptor(listener);
      long recheckMillis = RECHECK.toMillis();
      while (quiet() && !stopping.getAsBoolean()) {
        if (poll(fd, recheckMillis)) {
          return !stopping.getAsBoolean();
        }
      }
      return false;
    } catch (IOException e) {
      return false; // the listener is failing: its accept() reports it
    } finally {
      WAITING.set(null);
    }
  }

  /**
   * While the process is busy, waits the JDK's way (parked, woken through the JDK's poller) until
   * the non-blocking {@code listener} has a connection to accept, or until the process turns quiet
   * again ({@link #connectionEnded}); returns at once if it is quiet already. The caller then tries
   * {@code accept()} again: if nothing came, it waits once more, in the kernel if the process is
   * quiet. Why not the JDK's own blocking {@code accept()}: nothing but a connection, a close or an
   * interrupt (which closes the listener) ends it, so a leader that began it during a busy spell
   * took the next connection after it through the JDK's poller too: the first download after every
   * benchmark load.
   *
   * @throws IOException if the wait fails (the listener is closed)
   */
  void awaitConnectionParked(ServerSocketChannel listener) throws IOException {
    Thread me = Thread.currentThread();
    PARKED.add(me);
    try {
      // Checked after joining PARKED: a connection that ended before could not have woken this one.
      if (quiet() && WAITING.get() == null) {
        return;
      }
      park.invokeExact(listener, POLLIN, 0L);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("waiting for a connection failed", e);
    } finally {
      PARKED.remove(me);
    }
  }

  /**
   * Waits in the kernel, for at most {@code max}, for bytes on a connection of a quiet process: the
   * request of a connection just accepted after {@link #awaitConnection} (it usually follows its
   * connection within a fraction of a millisecond), or the next request, or the close, of a
   * kept-alive connection that the leader has just answered (a browser's next request, or the close
   * of a client such as {@code curl}, usually comes as soon).
   *
   * @return whether bytes (or the end of the stream) are there to read
   */
  boolean awaitBytes(SocketChannel channel, Duration max) {
    if (!available() || !quiet()) {
      return false;
    }
    try {
      return poll(natives.descriptor(channel), max.toMillis());
    } catch (IOException e) {
      return false; // failing already: its first read finds out
    }
  }

  /**
   * Whether bytes are there to read now, without waiting: one {@code poll(2)} with no timeout, or
   * where the helpers are unavailable the socket adaptor's {@code available()}, which makes an
   * adaptor and a stream for the connection before its {@code ioctl}.
   */
  boolean readable(SocketChannel channel) throws IOException {
    if (!available()) {
      return channel.socket().getInputStream().available() > 0;
    }
    return poll(natives.descriptor(channel), 0);
  }

  /**
   * Ends a wait in the kernel on a listener about to be closed. Closing a descriptor does not wake
   * a {@code poll} on it (the kernel keeps the socket listening until the poll returns); shutting
   * its reading side down stops the listening and wakes every waiter. Does nothing when the helpers
   * are unavailable, and ignores a failure: the listener is closed next anyway.
   */
  void release(ServerSocketChannel listener) {
    if (!available()) {
      return;
    }
    try {
      FileDescriptor fd = natives.descriptor(listener);
      shutdown.invokeExact(fd, SHUT_RD);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      // already closed, or never listening: nothing waits on it
    }
  }

  private boolean poll(FileDescriptor fd, long timeoutMillis) throws IOException {
    try {
      return (int) poll.invokeExact(fd, POLLIN, timeoutMillis) != 0;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("poll failed", e);
    }
  }
}
