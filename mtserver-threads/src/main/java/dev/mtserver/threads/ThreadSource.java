package dev.mtserver.threads;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every thread MTServer's own code starts comes from. The composition root makes one and
 * hands it (or a {@link ThreadFactory} taken from it) to each module that needs threads — the
 * transport its acceptor, workers, deadline watchdog and refusal threads; the CGI runner its stderr
 * drains; the certificate and password-file watchers their polling thread; the database pool its
 * housekeeping; the command line its shutdown hook — so a module keeps the threads it needs without
 * owning thread creation, and removing one module takes nothing from the others. An architecture
 * rule keeps it the one place that calls {@code Thread.ofPlatform()}, {@code new Thread} and the
 * like (ADR 0038).
 *
 * <p>Every thread it makes gets the same handler for what escapes it: a {@link VirtualMachineError}
 * — a heap exhaustion above all — goes to the process's default handler when one is installed (the
 * command line installs the policy that stops the process, ADR 0022), at once and without
 * allocating; anything else is logged, and ends only that thread.
 *
 * <p>Names say what a thread is for ({@code mtserver-worker-12}, {@code mtserver-deadlines}), so a
 * thread dump reads as the server's structure. Thread-safe; it holds no threads itself.
 */
public final class ThreadSource {

  /**
   * What the JVM's message for a refused thread says. Resolved when this class is initialized, not
   * at its first use: resolving a string literal allocates, and its first use may come with the
   * heap full.
   */
  private static final String NATIVE_THREAD = String.valueOf("native thread");

  private final Thread.UncaughtExceptionHandler uncaught = ThreadSource::uncaught;

  /**
   * Daemon platform threads named {@code name-1}, {@code name-2}, …: background work that must
   * never keep the process alive, and may block in plain file or socket reads without pinning a
   * virtual thread's carrier.
   */
  public ThreadFactory daemonThreads(String name) {
    return Thread.ofPlatform()
        .name(prefix(name), 1)
        .daemon(true)
        .uncaughtExceptionHandler(uncaught)
        .factory();
  }

  /** Virtual threads named {@code name-1}, {@code name-2}, …: cheap, one per task, never pooled. */
  public ThreadFactory virtualThreads(String name) {
    return Thread.ofVirtual().name(prefix(name), 1).uncaughtExceptionHandler(uncaught).factory();
  }

  /** One daemon platform thread named exactly {@code name}, not started. */
  public Thread daemonThread(String name, Runnable task) {
    return Thread.ofPlatform()
        .name(name)
        .daemon(true)
        .uncaughtExceptionHandler(uncaught)
        .unstarted(task);
  }

  /**
   * One platform thread named exactly {@code name}, not started, that keeps the process alive while
   * it runs: the accept loop, or a shutdown hook (which the JVM starts).
   */
  public Thread thread(String name, Runnable task) {
    return Thread.ofPlatform()
        .name(name)
        .daemon(false)
        .uncaughtExceptionHandler(uncaught)
        .unstarted(task);
  }

  /**
   * True for the {@link OutOfMemoryError} that {@code Thread.start} throws when the OS refuses a
   * thread (a process or memory limit): that one refuses a single task and is survivable, unlike a
   * heap exhaustion, which must never be swallowed.
   */
  public static boolean cannotCreateThread(OutOfMemoryError e) {
    String message = e.getMessage();
    return message != null && message.contains(NATIVE_THREAD);
  }

  private static String prefix(String name) {
    return Objects.requireNonNull(name, "name") + "-";
  }

  private static void uncaught(Thread thread, Throwable error) {
    Thread.UncaughtExceptionHandler process = Thread.getDefaultUncaughtExceptionHandler();
    if (process != null && error instanceof VirtualMachineError) {
      process.uncaughtException(thread, error);
      return;
    }
    // The logger is asked for here, not held in a field: making a ThreadSource must not set up
    // logging, because the command line starts a thread before it does (AnnotationPrefetch).
    Logger log = LoggerFactory.getLogger(ThreadSource.class);
    log.error("Uncaught {} on {}", error, thread.getName(), error);
  }
}
