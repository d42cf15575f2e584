package dev.mtserver.app.cli;

import dev.mtserver.threads.ThreadSource;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's policy for errors no thread caught, installed as the JVM's default uncaught
 * exception handler before anything else starts (ADR 0022). A heap exhaustion ({@link
 * OutOfMemoryError}, except the one {@code Thread.start} throws when the OS refuses a thread, which
 * the transport survives) or a JVM failure ({@link InternalError}, {@link UnknownError}) leaves a
 * process whose state nobody can vouch for: a thread may have died halfway through, a lock may
 * never be released, and every next allocation may fail again. Such a process must not linger
 * neither serving nor exiting: this says so in one line on stderr and halts at once with exit
 * status {@value #EXIT_STATUS} — what {@code -XX:+ExitOnOutOfMemoryError} exits with, so a
 * supervisor sees the same status either way and restarts the server.
 *
 * <p>Halting skips the shutdown hooks: a graceful drain needs memory and threads the process may
 * not have, and could hang. Nothing acknowledged is lost (ADR 0012, 0013); access-log lines still
 * queued are. Anything else uncaught (a bug, a {@code StackOverflowError}) is logged and ends only
 * its thread, as before.
 *
 * <p>The handler allocates as little as it can and links nothing new when it runs (no string
 * concatenation call site, no {@code VarHandle}: their first use spins classes, which fails in a
 * full heap): the line is built with a {@code StringBuilder}, a prepared line is written if that
 * fails, and the halt comes in a {@code finally} that nothing before it can skip.
 *
 * <p>A virtual thread does not write the line itself: with the heap full, its write to stderr can
 * fail before a byte goes out (a blocking write from a virtual thread may need the scheduler to add
 * a carrier thread, which needs memory), and the process then halted without a word — seen once
 * virtual threads became the default (ADR 0051). It hands the error to {@code mtserver-fatal}, a
 * platform thread started with the policy while memory was there, parked until then, which writes
 * the line and halts; handing over only sets two fields and unparks it.
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {

  /** The exit status of a process halted by a fatal error; the JVM's own for an OOM exit. */
  static final int EXIT_STATUS = 3;

  private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);

  /**
   * What the JVM's message for a refused thread says: resolved when this class is initialized,
   * because resolving a string literal allocates, and the first fatal error may come with the heap
   * full.
   */
  private static final String NATIVE_THREAD = String.valueOf("native thread");

  private final PrintStream err;
  private final IntConsumer halt;
  private final byte[] preparedLine;
  private boolean halting; // guarded by this

  /** The platform thread that reports a virtual thread's fatal error; null in tests. */
  private Thread reporter;

  private volatile Thread failedThread;
  private volatile Throwable fatalError;

  /**
   * @param err where the one line goes (the process's stderr, where the application log goes too)
   * @param halt stops the process with a status ({@code Runtime.getRuntime()::halt})
   */
  FatalErrors(PrintStream err, IntConsumer halt) {
    this.err = err;
    this.halt = halt;
    this.preparedLine =
        ("mtserver: fatal: java.lang.OutOfMemoryError or JVM failure; stopping now with exit status"
                + " "
                + EXIT_STATUS
                + "\n")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Installs the policy for every thread without a handler of its own (the ThreadSource's defer to
   * it); its reporter thread comes from {@code threads}.
   */
  static void install(ThreadSource threads) {
    FatalErrors policy = new FatalErrors(System.err, Runtime.getRuntime()::halt);
    policy.startReporter(threads);
    Thread.setDefaultUncaughtExceptionHandler(policy);
  }

  /**
   * Starts {@code mtserver-fatal}, the platform thread that reports fatal errors of virtual
   * threads. It stays parked, a daemon, until one comes.
   */
  void startReporter(ThreadSource threads) {
    Thread thread = threads.daemonThread("mtserver-fatal", this::awaitAndReport);
    reporter = thread;
    thread.start();
  }

  private void awaitAndReport() {
    while (fatalError == null) {
      LockSupport.park(this);
    }
    report(failedThread, fatalError);
  }

  /** Whether {@code error} leaves the process in a state it must not keep running in. */
  static boolean isFatal(Throwable error) {
    if (error instanceof OutOfMemoryError oom) {
      String message = oom.getMessage();
      return message == null || !message.contains(NATIVE_THREAD); // a refused thread is survivable
    }
    return error instanceof InternalError || error instanceof UnknownError;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    boolean fatal = true;
    try {
      fatal = isFatal(error);
    } catch (Throwable cannotTell) {
      // even that needed memory: it is gone
    }
    if (!fatal) {
      log.error("Uncaught {} on {}", error, thread.getName(), error);
      return;
    }
    synchronized (this) {
      if (halting) {
        return; // another thread is halting the process: one line is enough
      }
      halting = true;
    }
    if (reporter != null && Thread.currentThread().isVirtual()) {
      failedThread = thread;
      fatalError = error;
      LockSupport.unpark(reporter); // it writes the line and halts; this thread just ends
      return;
    }
    report(thread, error);
  }

  // One builder sized once, rather than the concatenation's growing copies: this runs while memory
  // is gone.
  @SuppressWarnings("UnnecessaryStringBuilder")
  private void report(Thread thread, Throwable error) {
    try {
      err.println(
          new StringBuilder(160)
              .append("mtserver: fatal: ")
              .append(error)
              .append(" on thread ")
              .append(thread.getName())
              .append("; stopping now with exit status ")
              .append(EXIT_STATUS)
              .toString());
      err.flush();
    } catch (Throwable lineFailed) {
      try {
        err.write(preparedLine, 0, preparedLine.length);
        err.flush();
      } catch (Throwable ignored) {
        // nothing more can be said
      }
    } finally {
      halt.accept(EXIT_STATUS);
    }
  }
}
