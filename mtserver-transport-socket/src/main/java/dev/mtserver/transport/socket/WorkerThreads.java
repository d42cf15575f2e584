package dev.mtserver.transport.socket;

import dev.mtserver.threads.ThreadSource;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where a connection's worker thread comes from. Each connection runs start to end on one thread;
 * the {@link SocketServer}'s semaphore, not this class, bounds how many run at once.
 *
 * <p>Platform workers are pooled: a finished worker waits up to a minute for the next connection
 * instead of dying, because creating an OS thread per connection cost measurably more for short
 * connections (see {@code docs/adr/0002-thread-per-connection.md}). Virtual threads are created per
 * connection: they are cheap and must not be pooled. Either way the threads themselves come from
 * the {@link ThreadSource} the server was given.
 */
interface WorkerThreads {

  /**
   * Runs {@code task} on a worker thread.
   *
   * @throws RejectedExecutionException if no thread may be used for it
   * @throws OutOfMemoryError if the JVM cannot create a thread (see {@link
   *     ThreadSource#cannotCreateThread})
   */
  void start(Runnable task);

  /** Where the threads come from: for leaders that serve what they accept ({@link Leadership}). */
  ThreadFactory factory();

  /** Lets idle pooled threads end; running tasks are not disturbed. */
  void shutdown();

  /** Threads named {@code name-1}, {@code name-2}, ... of the given kind, from {@code threads}. */
  static WorkerThreads create(
      ThreadMode mode, ThreadSource threads, String name, int maxConcurrent) {
    return switch (mode) {
      case PLATFORM -> new PooledPlatform(threads.daemonThreads(name), maxConcurrent);
      case VIRTUAL -> new Virtual(threads.virtualThreads(name));
    };
  }

  /** OS threads, reused from connection to connection, never more than twice the permits. */
  final class PooledPlatform implements WorkerThreads {
    private final ThreadPoolExecutor pool;
    private final ThreadFactory threads;

    PooledPlatform(ThreadFactory threads, int maxConcurrent) {
      this.threads = threads;
      // A direct hand-off (no queue): a task either finds an idle thread or gets a new one. A
      // worker gives its permit back a moment before it is idle again, so a few more threads than
      // permits may exist briefly; twice the permits is a hard ceiling that is never reached.
      this.pool =
          new ThreadPoolExecutor(
              0,
              Math.max(2, 2 * maxConcurrent),
              60,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              threads,
              new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    public void start(Runnable task) {
      pool.execute(task);
    }

    @Override
    public ThreadFactory factory() {
      return threads;
    }

    @Override
    public void shutdown() {
      pool.shutdown();
    }
  }

  /** One new virtual thread per connection. */
  final class Virtual implements WorkerThreads {
    private final ThreadFactory threads;

    Virtual(ThreadFactory threads) {
      this.threads = threads;
    }

    @Override
    public void start(Runnable task) {
      threads.newThread(task).start();
    }

    @Override
    public ThreadFactory factory() {
      return threads;
    }

    @Override
    public void shutdown() {
      // nothing pooled
    }
  }
}
