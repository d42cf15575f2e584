package dev.mtserver.dynamic.cgi;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running script: its deadline, and the one way it is stopped — the whole process tree, killed.
 *
 * <p>The deadline needs no thread of ours: {@code Process.onExit()} is completed by the JDK's
 * process reaper, and {@code orTimeout} by the JDK's own delay scheduler, whose thread kills the
 * tree. The JDK also reaps the child ({@code waitpid}), so none is left a zombie.
 */
final class ScriptProcess {

  /** Why a script was stopped before it ended by itself. */
  enum Stop {
    /** It ran past its time limit. */
    TIMEOUT,
    /** Nobody reads its output any more: the client went away, or its answer was refused. */
    ABANDONED,
    /** The server is stopping. */
    SHUTDOWN
  }

  private static final Logger log = LoggerFactory.getLogger(ScriptProcess.class);

  private final Process process;
  private final String name;
  private final AtomicReference<Stop> stopped = new AtomicReference<>();

  ScriptProcess(Process process, String name) {
    this.process = process;
    this.name = name;
  }

  /** Kills the script when {@code timeout} has passed and it is still running. */
  void armDeadline(Duration timeout) {
    // The callback's own future is dropped: it only kills and logs, and throws nothing.
    var unused =
        process
            .onExit()
            .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
            .whenComplete(
                (exited, failure) -> {
                  if (failure != null && stop(Stop.TIMEOUT)) {
                    log.warn(
                        "Script {} ran past its {} s limit and was killed",
                        name,
                        timeout.toMillis() / 1000.0);
                  }
                });
  }

  Process process() {
    return process;
  }

  InputStream stdout() {
    return process.getInputStream();
  }

  /**
   * Kills the script and everything it started, if it still runs.
   *
   * @return true when this call was the first to stop it
   */
  boolean stop(Stop reason) {
    boolean first = stopped.compareAndSet(null, reason);
    killTree(process);
    return first;
  }

  /** True when the deadline stopped the script: its output is cut short. */
  boolean timedOut() {
    return stopped.get() == Stop.TIMEOUT;
  }

  /**
   * Children first, found while the script still lives: once it dies they are re-parented to init
   * and no longer its descendants. Only a live script's tree is walked, so a recycled pid is never
   * mistaken for it; {@code destroyForcibly} does nothing to a child that has already exited.
   */
  static void killTree(Process process) {
    if (process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
