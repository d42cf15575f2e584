package dev.mtserver.transport.socket;

import dev.mtserver.threads.ThreadSource;
import java.util.concurrent.ThreadFactory;

/**
 * Threads for work that must run beside a connection's worker, such as draining a child
 * process's stderr while the worker reads its stdout. The transport owns every thread the server
 * creates; the app takes a factory from here and hands it to the adapter that needs one, so an
 * adapter never creates threads on its own (ADR 0016).
 */
public final class HelperThreads {

  private HelperThreads() {}

  /**
   * Daemon platform threads named {@code namePrefix-0}, {@code namePrefix-1}, …: they never keep
   * the JVM alive, and block in plain file reads without pinning a virtual thread's carrier.
   */
  public static ThreadFactory daemon(String namePrefix) {
    return new ThreadSource().daemonThreads(namePrefix);
  }
}
