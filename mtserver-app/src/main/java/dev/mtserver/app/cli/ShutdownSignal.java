package dev.mtserver.app.cli;

import dev.mtserver.threads.ThreadSource;
import org.slf4j.LoggerFactory;

/**
 * Runs an action when the JVM is asked to stop (SIGTERM, SIGINT, or the last non-daemon thread
 * ending), then ends the process with status 0. The command line registers it once the server is
 * up; the hook's thread, {@code mtserver-shutdown}, comes from the {@link ThreadSource} like every
 * other, and the JVM starts it.
 *
 * <p>Why status 0: the JVM ends a process stopped by SIGTERM with 143 (128 + 15) even when every
 * hook finished cleanly, and service managers read 143 as a failure. A server that was asked to
 * stop and drained its connections has succeeded, so the hook halts with 0 once the action is done
 * (the action must therefore be the last hook that matters; MTServer registers only this one). If
 * the action fails, the status is 1.
 */
final class ShutdownSignal {

  private ShutdownSignal() {}

  /** Registers {@code action} to run on the thread {@code mtserver-shutdown} at JVM shutdown. */
  static void onShutdown(ThreadSource threads, Runnable action) {
    Runtime.getRuntime()
        .addShutdownHook(
            threads.thread(
                "mtserver-shutdown",
                () -> {
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
