package dev.mtserver.transport.socket;

import dev.mtserver.threads.ThreadSource;
import org.slf4j.LoggerFactory;

/**
 * Runs an action when the JVM is asked to stop (SIGTERM, SIGINT, or the last non-daemon thread
 * ending), then ends the process with status 0. It lives in the transport because the transport
 * is the one module allowed to create threads; the JVM runs each shutdown hook on a thread of its
 * own.
 *
 * <p>Why status 0: the JVM ends a process stopped by SIGTERM with 143 (128 + 15) even when every
 * hook finished cleanly, and service managers read 143 as a failure. A server that was asked to
 * stop and drained its connections has succeeded, so the hook halts with 0 once the action is done
 * (the action must therefore be the last hook that matters; MTServer registers only this one).
 * If the action fails, the status is 1.
 */
public final class ShutdownSignal {

  private ShutdownSignal() {}

  /** Registers {@code action} to run on the thread {@code mtserver-shutdown} at JVM shutdown. */
  public static void onShutdown(Runnable action) {
    Runtime.getRuntime().addShutdownHook(new ThreadSource().thread("mtserver-shutdown", () -> {
      int status = 1;
      try {
        action.run();
        status = 0;
      } catch (RuntimeException | Error e) {
        LoggerFactory.getLogger(ShutdownSignal.class).error("Shutdown failed", e);
      } finally {
        Runtime.getRuntime().halt(status);
      }
    }));
  }
}
