package dev.mtserver.threads;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check that runs every interval on one thread until it is closed: how the certificate reloader
 * and the password-file watcher poll their files. The thread comes from the {@link ThreadFactory}
 * the caller hands to {@link #start} (one of the {@link ThreadSource}'s), so the composition root
 * decides what threads exist. The check itself must catch what it expects; anything else it throws
 * is logged, and the next interval runs as usual.
 *
 * <p>It starts at most once and never after {@link #close()}; thread-safe.
 */
public final class PeriodicCheck implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PeriodicCheck.class);
  private static final Duration JOIN = Duration.ofSeconds(5);

  private final String name;
  private final Runnable check;
  private Thread thread; // guarded by this
  private volatile boolean closed;

  /**
   * @param name what is checked, for the log ({@code "TLS certificate check"})
   * @param check the work of one interval
   */
  public PeriodicCheck(String name, Runnable check) {
    this.name = Objects.requireNonNull(name, "name");
    this.check = Objects.requireNonNull(check, "check");
  }

  /**
   * Runs the check every {@code interval} on a thread from {@code threads}, until {@link #close()}.
   *
   * @throws IllegalStateException when already started or closed, or when the factory makes no
   *     thread
   * @throws IllegalArgumentException when {@code interval} is not positive
   */
  public synchronized void start(ThreadFactory threads, Duration interval) {
    if (thread != null || closed) {
      throw new IllegalStateException(name + ": already started or closed");
    }
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    Thread made = threads.newThread(() -> run(interval));
    if (made == null) {
      throw new IllegalStateException("the thread factory made no thread for the " + name);
    }
    thread = made;
    made.start();
  }

  private void run(Duration interval) {
    while (!closed) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      try {
        check.run();
      } catch (RuntimeException e) {
        // the check catches what it expects; this would be a bug, and must not end the polling
        log.error("{} failed", name, e);
      }
    }
  }

  /** Stops the thread, if any, and waits briefly for it. */
  @Override
  public void close() {
    closed = true;
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(JOIN);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
