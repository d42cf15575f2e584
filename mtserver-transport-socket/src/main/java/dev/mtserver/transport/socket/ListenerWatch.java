package dev.mtserver.transport.socket;

import dev.mtserver.threads.ThreadSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * While the process is busy, waits for a server's next connection on behalf of its leader, which is
 * parked meanwhile and taken off any time the process turns quiet ({@link QuietWait}, ADR 0054,
 * amendment of the twenty-second session). One platform thread per listener, {@code
 * mtserver-listener-watch}, blocked in a {@link Selector} on the listener while a leader waits,
 * asleep otherwise.
 *
 * <p>Why not the JDK's own wait for the listener (the leader parked through the JDK's poller, as
 * its {@code accept()} does): that wait ends only with a connection, the listener's close or an
 * interrupt. Ended any other way, at the end of a busy spell, it left the listener registered in a
 * sub-poller with no thread behind it, which made every later connection wake two threads for
 * nothing; left alone, it made the first connection after every busy spell come through the master
 * poller, a sub-poller and a carrier, 150–200 µs later than from the kernel (measured after
 * benchmark loads). A wait of our own can be ended at any time, and a connection wakes this thread
 * and then the leader: one thread fewer than the JDK's way.
 *
 * <p>One leader waits at a time ({@link #await} takes a lock for the whole wait): after a pass that
 * raced with the old leader's return to {@code accept()}, the second waits for the first. The
 * listener must be non-blocking (a selector takes only such channels); it is, whenever the leader
 * chooses how to wait.
 */
final class ListenerWatch {

  /** Every running watch, for {@link #wakeAll}. */
  private static final Set<ListenerWatch> RUNNING = ConcurrentHashMap.newKeySet();

  private final Selector selector;
  private final Thread thread;
  private final ReentrantLock oneWaiter = new ReentrantLock();

  /** The leader waiting for a connection, or null. */
  private volatile Thread waiter;

  /** Whether the watch thread sleeps until a leader waits ({@link #sleepUntilAsked}). */
  private volatile boolean asleep;

  private volatile boolean stopped;

  private ListenerWatch(Selector selector, ThreadSource threads) {
    this.selector = selector;
    this.thread = threads.daemonThread("mtserver-listener-watch", this::watch);
  }

  /**
   * Starts watching {@code listener} (non-blocking) for connections whenever a leader waits.
   *
   * @throws IOException if no selector can be opened or the listener registered with it
   */
  static ListenerWatch start(ServerSocketChannel listener, ThreadSource threads)
      throws IOException {
    Selector selector = Selector.open();
    try {
      listener.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      selector.close();
      throw e;
    }
    ListenerWatch watch = new ListenerWatch(selector, threads);
    RUNNING.add(watch);
    watch.thread.start();
    return watch;
  }

  /**
   * Parks the current thread, a leader, until a connection is there to accept, or until {@code
   * over} holds when it is woken ({@link #wakeAll}, {@link #wakeWaiter}), or the watch stops. The
   * caller then tries {@code accept()} again, and waits again if nothing came. On a watch that has
   * stopped (its selector failed; at shutdown the listener's close ends the accept loop first) it
   * only pauses for {@link QuietWait#RECHECK}, so that a leader looking again and again does not
   * spin. The pause sleeps rather than parks: a park returns at once on a permit some earlier
   * {@code unpark} left behind, and may return early for no reason at all.
   */
  void await(BooleanSupplier over) {
    if (stopped) {
      pause();
      return;
    }
    Thread me = Thread.currentThread();
    oneWaiter.lock();
    try {
      waiter = me;
      if (asleep) {
        LockSupport.unpark(thread);
      }
      while (waiter == me && !stopped && !over.getAsBoolean()) {
        LockSupport.park(this); // until the watch saw a connection, wakeAll() or stop()
      }
      if (waiter == me) {
        waiter = null; // woken for another reason: the watch need not look on for this leader
        selector.wakeup();
      }
    } finally {
      oneWaiter.unlock();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(QuietWait.RECHECK);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the shutdown's: the accept loop ends on it
    }
  }

  /** Wakes the leader waiting here, if any; it returns if its {@code over} holds. */
  private void wakeWaiter() {
    Thread parked = waiter;
    if (parked != null) {
      LockSupport.unpark(parked);
    }
  }

  /**
   * Wakes every leader waiting in a watch: called when the process turned quiet, so that each
   * leader waits in the kernel instead if it can ({@link QuietWait#connectionEnded}).
   */
  static void wakeAll() {
    for (ListenerWatch watch : RUNNING) {
      watch.wakeWaiter();
    }
  }

  /**
   * Stops the watch thread and wakes a leader waiting here. Called at shutdown once the listener no
   * longer listens; the thread closes its selector on the way out, and with it lets the JDK close
   * the listener's descriptor, which it holds open while the selector has the listener registered.
   */
  void stop() {
    stopped = true;
    RUNNING.remove(this);
    selector.wakeup();
    LockSupport.unpark(thread);
    wakeWaiter();
  }

  /** Waits at most {@code within} for the watch thread to end; whether it did (tests). */
  boolean ended(Duration within) throws InterruptedException {
    return thread.join(within);
  }

  private void watch() {
    try (selector) {
      while (!stopped) {
        Thread asking = waiter;
        if (asking == null) {
          sleepUntilAsked();
        } else if (selector.select(ListenerWatch::ready) > 0) {
          handOver(asking); // the listener is readable: a connection is there
        } // else woken: the leader withdrew, another asks, or the watch stops
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the listener's watch failed", e);
    } finally {
      RUNNING.remove(this);
      stopped = true;
      wakeWaiter(); // it would otherwise wait for a connection no one watches for
    }
  }

  /**
   * The select's action for the listener's key. With an action, the select counts the key each time
   * the listener is readable, not only when its ready set changed, so a connection still in the
   * backlog (a leader woken for it did not take it) is reported again to the next leader.
   */
  private static void ready(SelectionKey key) {
    // the select's count is all the watch needs
  }

  /** The connection is there: wakes the leader that asked, if it still waits. */
  private void handOver(Thread asking) {
    if (waiter == asking) {
      waiter = null;
      LockSupport.unpark(asking);
    }
    // else it withdrew; the connection waits in the backlog for the next accept()
  }

  private void sleepUntilAsked() {
    asleep = true;
    if (waiter == null && !stopped) {
      LockSupport.park(this); // until await() or stop()
    }
    asleep = false;
  }
}
