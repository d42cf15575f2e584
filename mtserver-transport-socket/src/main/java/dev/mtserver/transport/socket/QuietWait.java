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
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
 * ({@link #awaitConnectionParked}), until a connection comes; after serving that one it waits in
 * the kernel again if the process has turned quiet meanwhile.
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

  /** The virtual-thread scheduler's carriers ({@link #carriers}). */
  private static final int CARRIERS = carriers();

  private final NetNatives natives;
  private final MethodHandle poll; // Net.poll(fd, events, timeoutMillis): int revents
  private final MethodHandle shutdown; // Net.shutdown(fd, how)
  private final MethodHandle park; // SelChImpl.park(event, nanos): the JDK's wait for a socket
  private final String unavailableReason;

  /**
   * Held by the one thread that waits the JDK's way for this server's listener ({@link
   * #awaitConnectionParked}). The JDK's poller keeps one waiting thread per descriptor and replaces
   * the first if a second registers (its own {@code accept()} parks holding the channel's lock, so
   * it never has two): of two leaders parked at once (after a pass raced with the old leader's
   * return) the first was never woken, not by a connection, nor by the listener's close at shutdown
   * ({@code QuietWaitTest}).
   */
  private final ReentrantLock parkedOnListener = new ReentrantLock();

  /** The thread holding {@link #parkedOnListener}, for {@link #wakeParked}; else null. */
  private volatile Thread parkedLeader;

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
   * A connection's service ended. Nothing is woken: a leader waiting the JDK's way goes on until a
   * connection comes ({@link #awaitConnectionParked} says why).
   */
  static void connectionEnded() {
    SERVING.decrementAndGet();
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
   * the non-blocking {@code listener} has a connection to accept; returns at once if the process is
   * quiet. The caller then tries {@code accept()} again: if nothing came, it waits once more, in
   * the kernel if the process is quiet. A second leader waits for the first to be done ({@link
   * #parkedOnListener}).
   *
   * <p>Only a connection (or the listener's close) ends the wait, as it ends the JDK's own {@code
   * accept()}: the first connection after a busy spell is taken through the JDK's poller, the next
   * from the kernel. Waking the wait when the spell ended (the twentieth session did) let the JDK's
   * poller lose track of the listener: the wake-up raced with a connection's event, which the
   * poller then delivered to the leader's next wait and took for that wait's own, so the
   * registration that wait made stayed armed with no thread behind it, and every later connection
   * woke the poller's two threads for nothing (seen in {@code /proc/PID/fdinfo} after benchmark
   * loads: the listener registered in a sub-poller's epoll set, two more context switches per
   * download).
   *
   * @throws IOException if the wait fails (the listener is closed)
   */
  void awaitConnectionParked(ServerSocketChannel listener) throws IOException {
    parkedOnListener.lock(); // one waiter at a time, as the JDK's own accept() does
    parkedLeader = Thread.currentThread(); // before the JDK looks whether the listener is open
    try {
      if (quiet() && WAITING.get() == null) {
        return;
      }
      park.invokeExact(listener, POLLIN, 0L);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("waiting for a connection failed", e);
    } finally {
      parkedLeader = null;
      parkedOnListener.unlock();
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
   * Wakes the leader waiting the JDK's way ({@link #awaitConnectionParked}), if any; called once
   * the listener is closed. Closing a channel wakes only a thread inside the channel's own {@code
   * accept()}; the JDK's poller is not told of this wait, and the descriptor's close just drops it
   * from the poller's set. A wait that began after the close finds the listener closed by itself.
   */
  void wakeParked() {
    Thread leader = parkedLeader;
    if (leader != null) {
      LockSupport.unpark(leader);
    }
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
