package dev.mtserver.transport.socket;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * busy meanwhile gets its carrier back within that. Any other time the leader parks, and its
 * listener's watch thread waits in the kernel for it ({@link #awaitConnectionWatched}, {@link
 * ListenerWatch}); the connection whose end makes the process quiet again wakes the leader, which
 * then waits in the kernel itself.
 *
 * <p>The leader waits the same way, for at most {@link Leadership#PASS_AFTER}, for the request of a
 * connection it has just accepted, and for the next request (or the close) of its kept-alive
 * connection ({@link #awaitBytes}); and, without a limit but looking again every {@link #RECHECK},
 * for room in the send buffer of a connection whose large file found it full ({@link #awaitRoom}).
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
  private static final int POLLOUT = 0x004;
  private static final int SHUT_RD = 0;

  /** Connections being served by every server in the process. */
  private static final AtomicInteger SERVING = new AtomicInteger();

  /** The thread waiting in the kernel for a connection, if any: one in the process at a time. */
  private static final AtomicReference<Thread> WAITING = new AtomicReference<>();

  /** The virtual-thread scheduler's carriers ({@link #carriers}). */
  private static final int CARRIERS = carriers();

  private final NetNatives natives;
  private final MethodHandle poll; // Net.poll(fd, events, timeoutMillis): int revents
  private final MethodHandle shutdown; // Net.shutdown(fd, how)
  private final String unavailableReason;

  private QuietWait(NetNatives natives, MethodHandle poll, MethodHandle shutdown) {
    this.natives = natives;
    this.poll = poll;
    this.shutdown = shutdown;
    this.unavailableReason = null;
  }

  private QuietWait(String unavailableReason) {
    this.natives = null;
    this.poll = null;
    this.shutdown = null;
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
              "shutdown", MethodType.methodType(void.class, FileDescriptor.class, int.class)));
    } catch (IllegalAccessException e) {
      return new QuietWait(NetNatives.NOT_OPENED);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new QuietWait("this JDK has no sun.nio.ch.Net.poll (" + e + ")");
    }
  }

  /** The virtual-thread scheduler's carriers, as the JDK sizes them. */
  static int carriers() {
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
   * A connection's service ended. If that made the process quiet, the leaders waiting in their
   * listeners' watches are woken, to wait in the kernel instead: else the first connection after
   * every busy spell would come through a watch thread, one wake-up more.
   */
  static void connectionEnded() {
    if (SERVING.decrementAndGet() == CARRIERS - 1) {
      ListenerWatch.wakeAll();
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
   * @return true if a connection is waiting to be accepted (the leader's {@code accept()} finds
   *     it); false if this thread did not wait this way, or stopped waiting because the process got
   *     busy or the server is stopping: the caller then waits in the listener's watch
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
   * While the process is busy, parks until the listener's watch sees a connection to accept;
   * returns at once if the process is quiet and no other thread waits in the kernel, and as soon as
   * it turns so ({@link #connectionEnded}). The caller then tries {@code accept()} again: if
   * nothing came, it waits once more, in the kernel if the process is quiet.
   */
  void awaitConnectionWatched(ListenerWatch watch) {
    if (!kernelWaitFree()) {
      watch.await(QuietWait::kernelWaitFree);
    }
  }

  /** Whether a leader could wait in the kernel now: the process quiet, and no one waiting there. */
  private static boolean kernelWaitFree() {
    return quiet() && WAITING.get() == null;
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
   * While the process is quiet, waits in the kernel until the connection's send buffer has room
   * again: a virtual thread's {@code sendfile} of a large file found it full, on any connection.
   * The JDK's own wait (a write that parks the virtual thread) is woken through its poller threads,
   * two thread hand-overs per wait, and a 100 MiB download to a client on the same host waits a
   * dozen times or more. Looks again every {@link #RECHECK} whether the process is still quiet and
   * the channel still open (a write that made no progress until its deadline is ended by closing
   * the channel, which does not wake a {@code poll}).
   *
   * @return true if there is room to write; false if this thread did not wait this way or stopped
   *     waiting because the process got busy or the channel was closed: the caller then waits the
   *     JDK's way, which reports a closed channel
   */
  boolean awaitRoom(SocketChannel channel) {
    if (!available()) {
      return false;
    }
    try {
      FileDescriptor fd = natives.descriptor(channel);
      long recheckMillis = RECHECK.toMillis();
      while (quiet() && channel.isOpen()) {
        if (poll(fd, POLLOUT, recheckMillis)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false; // failing already: the next write reports it
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
    return poll(fd, POLLIN, timeoutMillis);
  }

  private boolean poll(FileDescriptor fd, int events, long timeoutMillis) throws IOException {
    try {
      return (int) poll.invokeExact(fd, events, timeoutMillis) != 0;
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("poll failed", e);
    }
  }
}
