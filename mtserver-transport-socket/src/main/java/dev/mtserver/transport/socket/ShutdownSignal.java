package dev.mtserver.transport.socket;

/**
 * Runs an action when the JVM is asked to stop (SIGTERM, SIGINT, or the last non-daemon thread
 * ending). It lives in the transport because the transport is the one module allowed to create
 * threads; the JVM runs each shutdown hook on a thread of its own.
 */
public final class ShutdownSignal {

  private ShutdownSignal() {}

  /** Registers {@code action} to run on the thread {@code mtserver-shutdown} at JVM shutdown. */
  public static void onShutdown(Runnable action) {
    Runtime.getRuntime()
        .addShutdownHook(Thread.ofPlatform().name("mtserver-shutdown").unstarted(action));
  }
}
