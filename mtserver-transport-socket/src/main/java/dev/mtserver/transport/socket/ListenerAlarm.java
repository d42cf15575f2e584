package dev.mtserver.transport.socket;

import com.google.common.base.Throwables;
import dev.mtserver.threads.ThreadSource;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rings when a connection comes to a listener while the alarm is armed: how a quiet server's
 * leader, busy with the connection it took from its wait in the kernel ({@link QuietWait}), has the
 * lead passed as soon as another connection waits for it, with no thread woken for the connections
 * that come alone (ADR 0054, amendment of the twenty-sixth session).
 *
 * <p>Why: the leader's watcher ({@link Leadership}) bounds by time how long a leader may serve
 * before the lead passes, so it had to be woken for every connection to start its clock, and woke
 * again when the clock ran out: two thread wake-ups for each isolated download, on the download's
 * core (a woken thread lands on its waker's core on the benchmark's virtual machines), 60–100 µs of
 * CPU each there. While the process is quiet the lead only matters when a connection comes
 * meanwhile, and the kernel can say when that happens. Arming the alarm is one {@code epoll_ctl} on
 * the leader's thread; disarming another; neither wakes anybody, unless a connection is already
 * waiting, which then rings the alarm at once.
 *
 * <p>How: the listener alone in an {@code epoll} set of its own with {@code EPOLLONESHOT}, so a
 * ring disarms the alarm; one platform thread per listener, {@code mtserver-listener-alarm}, in
 * {@code epoll_wait}, woken by a ring or by {@link #stop} through an {@code eventfd} in the same
 * set. The JDK's own helpers ({@code sun.nio.ch.EPoll}, {@code EventFD}; {@link NetNatives}); where
 * they are missing (not Linux) or cannot be reached, {@link #start} returns an alarm that is never
 * {@link #available()}, and the watcher's clock does the work, as before.
 */
final class ListenerAlarm {

  private static final Logger log = LoggerFactory.getLogger(ListenerAlarm.class);

  // from <sys/epoll.h>: reported for a registered descriptor whatever events it was armed for
  private static final int EPOLLERR = 0x008;
  private static final int EPOLLHUP = 0x010;

  /** How long {@link #stop} waits for the alarm's thread; it ends as soon as it is woken. */
  private static final Duration STOP_JOIN = Duration.ofSeconds(2);

  private final Natives natives;
  private final String unavailableReason;
  private final int epfd;
  private final int listenerFd;
  private final Object eventFd; // sun.nio.ch.EventFD
  private final Runnable ring;
  private final Thread thread;
  private final LongAdder rings = new LongAdder();
  private volatile boolean stopped;

  /** Whether {@link #stop} closed the descriptors; only it reads and writes this. */
  private boolean closed;

  private ListenerAlarm(
      Natives natives,
      int epfd,
      int listenerFd,
      Object eventFd,
      Runnable ring,
      ThreadSource threads) {
    this.natives = natives;
    this.unavailableReason = null;
    this.epfd = epfd;
    this.listenerFd = listenerFd;
    this.eventFd = eventFd;
    this.ring = ring;
    this.thread = threads.daemonThread("mtserver-listener-alarm", this::waitForRings);
  }

  private ListenerAlarm(String unavailableReason) {
    this.natives = null;
    this.unavailableReason = unavailableReason;
    this.epfd = -1;
    this.listenerFd = -1;
    this.eventFd = null;
    this.ring = null;
    this.thread = null;
  }

  /** An alarm that is never available, for when the leader never waits in the kernel. */
  static ListenerAlarm unavailable(String reason) {
    return new ListenerAlarm(reason);
  }

  /**
   * Starts the alarm's thread for {@code listener}, disarmed; {@code ring} runs on that thread each
   * time a connection comes while it is armed. Never fails: where the helpers cannot be reached or
   * the set cannot be made, the alarm returned is not {@link #available()} and says why.
   */
  static ListenerAlarm start(ServerSocketChannel listener, ThreadSource threads, Runnable ring) {
    Natives natives;
    try {
      natives = Natives.find();
    } catch (IllegalAccessException e) {
      return new ListenerAlarm(NetNatives.NOT_OPENED);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new ListenerAlarm("this JDK has no sun.nio.ch.EPoll (" + e + ")");
    }
    int epfd = -1;
    Object eventFd = null;
    try {
      int listenerFd = natives.fdVal(natives.net.descriptor(listener));
      epfd = natives.create();
      eventFd = natives.newEventFd();
      natives.ctl(epfd, natives.ctlAdd, natives.eventFdOf(eventFd), natives.in);
      natives.ctl(epfd, natives.ctlAdd, listenerFd, 0); // disarmed until a leader arms it
      ListenerAlarm alarm = new ListenerAlarm(natives, epfd, listenerFd, eventFd, ring, threads);
      alarm.thread.start();
      return alarm;
    } catch (IOException | RuntimeException e) {
      natives.closeQuietly(epfd, eventFd);
      return new ListenerAlarm("the listener's epoll set could not be made (" + e + ")");
    }
  }

  /** Whether the alarm rings: false where the JDK's helpers cannot be reached. */
  boolean available() {
    return unavailableReason == null;
  }

  /**
   * Whether a leader may count on it now: available, and neither stopped nor failed (its thread
   * ended on an error, which it throws to the process's handler).
   */
  boolean working() {
    return available() && !stopped;
  }

  /** Why it never rings, or null when it does. */
  String unavailableReason() {
    return unavailableReason;
  }

  /** Times it has rung (tests). */
  long rings() {
    return rings.sum();
  }

  /**
   * Arms the alarm: the next connection to come, or one waiting already, rings it once. Does
   * nothing on an alarm that is not available or has stopped.
   */
  void arm() {
    if (working()) {
      natives.ctlQuietly(epfd, listenerFd, natives.in | natives.oneShot);
    }
  }

  /** Disarms the alarm, if it was armed and has not rung. */
  void disarm() {
    if (working()) {
      natives.ctlQuietly(epfd, listenerFd, 0);
    }
  }

  /**
   * Stops the alarm's thread and then closes its descriptors; at the server's shutdown, once no
   * connection is served any more, so that no leader arms or disarms it meanwhile. Descriptors are
   * closed only after the thread has ended: closed under it, their numbers could be reused by
   * another file before it looks at them again. A thread that does not end leaves them open.
   */
  void stop() {
    if (!available() || closed) {
      return;
    }
    stopped = true; // a leader that arms it from now on does nothing
    try {
      if (thread.isAlive()) {
        natives.set(eventFd);
      }
      if (!thread.join(STOP_JOIN)) {
        log.warn("The listener's alarm did not stop within {}", Durations.format(STOP_JOIN));
        return;
      }
    } catch (IOException e) {
      log.warn("The listener's alarm could not be stopped: {}", e.toString());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    closed = true;
    natives.closeQuietly(epfd, eventFd);
  }

  /** The alarm's thread: waits in {@code epoll_wait} until stopped, ringing for each connection. */
  private void waitForRings() {
    long events = natives.allocate(2);
    try {
      while (!stopped) {
        int ready = natives.await(epfd, events, 2);
        for (int i = 0; i < ready && !stopped; i++) {
          long event = natives.event(events, i);
          if (natives.descriptorOf(event) != listenerFd) {
            continue; // the eventfd: stop() wrote to it
          }
          if ((natives.eventsOf(event) & (EPOLLERR | EPOLLHUP)) != 0) {
            // The listener no longer listens (the shutdown shuts it down first). The kernel reports
            // that whether the alarm is armed or not, again at every look: nothing left to ring
            // for.
            stopped = true;
          } else {
            rings.increment();
            ring.run();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the listener's alarm failed", e);
    } finally {
      stopped = true; // if it failed: no longer working(), so leaders start the watcher's clock
      natives.free(events); // the descriptors are stop()'s to close
    }
  }

  /**
   * The JDK's {@code epoll} and {@code eventfd} helpers, as method handles: {@code
   * sun.nio.ch.EPoll}, {@code EventFD}, {@code IOUtil.fdVal} and the dispatcher's {@code
   * closeIntFD}.
   */
  private static final class Natives {
    final NetNatives net;
    final int ctlAdd;
    final int ctlMod;
    final int in;
    final int oneShot;
    private final MethodHandle create; // EPoll.create(): int
    private final MethodHandle ctl; // EPoll.ctl(epfd, op, fd, events): int errno
    private final MethodHandle wait; // EPoll.wait(epfd, address, n, timeout): int
    private final MethodHandle allocate; // EPoll.allocatePollArray(n): long
    private final MethodHandle free; // EPoll.freePollArray(address)
    private final MethodHandle event; // EPoll.getEvent(address, i): long
    private final MethodHandle descriptor; // EPoll.getDescriptor(eventAddress): int
    private final MethodHandle eventsOf; // EPoll.getEvents(eventAddress): int
    private final MethodHandle newEventFd; // new EventFD()
    private final MethodHandle eventFdOf; // EventFD.efd(): int
    private final MethodHandle setEventFd; // EventFD.set()
    private final MethodHandle closeEventFd; // EventFD.close()
    private final MethodHandle fdVal; // IOUtil.fdVal(FileDescriptor): int
    private final MethodHandle closeIntFd; // closeIntFD(int)

    private Natives(NetNatives net) throws ReflectiveOperationException {
      this.net = net;
      this.ctlAdd = net.staticInt("EPoll", "EPOLL_CTL_ADD");
      this.ctlMod = net.staticInt("EPoll", "EPOLL_CTL_MOD");
      this.in = net.staticInt("EPoll", "EPOLLIN");
      this.oneShot = net.staticInt("EPoll", "EPOLLONESHOT");
      this.create = net.staticMethod("EPoll", "create", MethodType.methodType(int.class));
      this.ctl =
          net.staticMethod(
              "EPoll",
              "ctl",
              MethodType.methodType(int.class, int.class, int.class, int.class, int.class));
      this.wait =
          net.staticMethod(
              "EPoll",
              "wait",
              MethodType.methodType(int.class, int.class, long.class, int.class, int.class));
      this.allocate =
          net.staticMethod(
              "EPoll", "allocatePollArray", MethodType.methodType(long.class, int.class));
      this.free =
          net.staticMethod("EPoll", "freePollArray", MethodType.methodType(void.class, long.class));
      this.event =
          net.staticMethod(
              "EPoll", "getEvent", MethodType.methodType(long.class, long.class, int.class));
      this.descriptor =
          net.staticMethod("EPoll", "getDescriptor", MethodType.methodType(int.class, long.class));
      this.eventsOf =
          net.staticMethod("EPoll", "getEvents", MethodType.methodType(int.class, long.class));
      this.newEventFd =
          net.constructor("EventFD", MethodType.methodType(void.class))
              .asType(MethodType.methodType(Object.class));
      this.eventFdOf =
          net.virtualMethod("EventFD", "efd", MethodType.methodType(int.class))
              .asType(MethodType.methodType(int.class, Object.class));
      this.setEventFd =
          net.virtualMethod("EventFD", "set", MethodType.methodType(void.class))
              .asType(MethodType.methodType(void.class, Object.class));
      this.closeEventFd =
          net.virtualMethod("EventFD", "close", MethodType.methodType(void.class))
              .asType(MethodType.methodType(void.class, Object.class));
      this.fdVal =
          net.staticMethod(
              "IOUtil", "fdVal", MethodType.methodType(int.class, FileDescriptor.class));
      this.closeIntFd = closeIntFd(net);
    }

    /** {@code closeIntFD}: on the Unix dispatcher since JDK 22, on the file dispatcher before. */
    private static MethodHandle closeIntFd(NetNatives net) throws ReflectiveOperationException {
      MethodType type = MethodType.methodType(void.class, int.class);
      try {
        return net.staticMethod("UnixFileDispatcherImpl", "closeIntFD", type);
      } catch (ClassNotFoundException | NoSuchMethodException e) {
        return net.staticMethod("FileDispatcherImpl", "closeIntFD", type);
      }
    }

    static Natives find() throws ReflectiveOperationException {
      return new Natives(NetNatives.find());
    }

    // Each call below is an invokeExact whose types match the handle's exactly. Through a generic
    // invokeWithArguments the JDK generated adapter classes for each signature at run time (the
    // start-up cache does not keep them): 38 of the start's 80 generated classes, 17 of them before
    // the first request, some 30 ms of the start's CPU (docs/benchmarks.md, thirty-sixth session).

    int create() throws IOException {
      try {
        return (int) create.invokeExact();
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException("epoll_create failed", e);
      }
    }

    void ctl(int epfd, int op, int fd, int events) throws IOException {
      int errno;
      try {
        errno = (int) ctl.invokeExact(epfd, op, fd, events);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException("epoll_ctl failed", e);
      }
      if (errno != 0) {
        throw new IOException("epoll_ctl failed: errno " + errno);
      }
    }

    /** {@code EPOLL_CTL_MOD}; a failure (the listener closed at shutdown) changes nothing. */
    void ctlQuietly(int epfd, int fd, int events) {
      try {
        int unused = (int) ctl.invokeExact(epfd, ctlMod, fd, events);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        // EPoll.ctl reports errors as its result, never by throwing
      }
    }

    int await(int epfd, long events, int max) throws IOException {
      try {
        return (int) wait.invokeExact(epfd, events, max, -1);
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException("epoll_wait failed", e);
      }
    }

    long allocate(int count) {
      try {
        return (long) allocate.invokeExact(count);
      } catch (Throwable e) {
        throw unexpected(e);
      }
    }

    void free(long address) {
      try {
        free.invokeExact(address);
      } catch (Throwable e) {
        throw unexpected(e);
      }
    }

    /** The address of the {@code i}th event in the array at {@code events}. */
    long event(long events, int i) {
      try {
        return (long) event.invokeExact(events, i);
      } catch (Throwable e) {
        throw unexpected(e);
      }
    }

    int descriptorOf(long event) {
      try {
        return (int) descriptor.invokeExact(event);
      } catch (Throwable e) {
        throw unexpected(e);
      }
    }

    int eventsOf(long event) {
      try {
        return (int) eventsOf.invokeExact(event);
      } catch (Throwable e) {
        throw unexpected(e);
      }
    }

    Object newEventFd() throws IOException {
      try {
        return (Object) newEventFd.invokeExact();
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException("eventfd failed", e);
      }
    }

    int eventFdOf(Object eventFd) {
      try {
        return (int) eventFdOf.invokeExact(eventFd);
      } catch (Throwable e) {
        throw unexpected(e);
      }
    }

    void set(Object eventFd) throws IOException {
      try {
        setEventFd.invokeExact(eventFd);
      } catch (IOException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException("eventfd write failed", e);
      }
    }

    int fdVal(FileDescriptor fd) {
      try {
        return (int) fdVal.invokeExact(fd);
      } catch (Throwable e) {
        throw unexpected(e);
      }
    }

    /** Closes the set and the eventfd, whichever were made; a failure leaks nothing more. */
    void closeQuietly(int epfd, Object eventFd) {
      try {
        if (epfd >= 0) {
          closeIntFd.invokeExact(epfd);
        }
      } catch (Throwable e) {
        closeFailed(e);
      }
      try {
        if (eventFd != null) {
          closeEventFd.invokeExact(eventFd);
        }
      } catch (Throwable e) {
        closeFailed(e);
      }
    }

    private static void closeFailed(Throwable e) {
      Throwables.throwIfUnchecked(e);
      log.debug("Closing a descriptor of the listener's alarm failed: {}", e.toString());
    }

    /**
     * What a helper that declares no checked exception threw: thrown here as it is when unchecked,
     * else returned wrapped for the caller to throw.
     */
    private static IllegalStateException unexpected(Throwable e) {
      Throwables.throwIfUnchecked(e);
      return new IllegalStateException(e);
    }
  }
}
