package dev.mtserver.app;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How many file descriptors the server may need at worst, so that the start can say when the
 * process's limit ({@code ulimit -n}, systemd's {@code LimitNOFILE}) is below it. Past the limit,
 * {@code accept()} fails and every file open is a 500, for everyone (issue 13).
 *
 * <p>The count, as docs/operations.md explains it: each connection holds its socket and at most one
 * file at a time — the static file it sends, the upload file it receives (a received one is closed
 * at once; one lock stands for all of them), or the body it spools for a script; each running
 * script adds the two pipes the server reads (its output and its errors), each connection to
 * php-fpm three at most (its socket, and while it carries a request with a body an epoll instance
 * and that one's wake-up event); the site keeps up to {@code --open-file-cache} recently sent files
 * open between requests (a connection's one file may be one of them or one more); and the process
 * itself needs a few dozen more (the JDK's own files, the logs, the listening socket).
 */
final class DescriptorBudget {

  /** Per connection: its socket and the one file it may have open. */
  static final int PER_CONNECTION = 2;

  /** Per running script: the pipes of its output and its errors. */
  static final int PER_SCRIPT = 2;

  /**
   * Per connection to php-fpm at most: its socket, and while a request with a body is on it an
   * epoll instance and that one's wake-up event.
   */
  static final int PER_FPM_CONNECTION = 3;

  /**
   * Connections shed while every worker is busy: each is read and answered on one of the
   * transport's 64 refusal threads, outside the permits (ADR 0023), one socket each.
   */
  static final int SHED = 64;

  /**
   * The process's own: the JDK (its modules file, the jar, random devices, event pollers), the
   * standard streams, the access and submission logs, the listening socket, the upload lock;
   * measured at 12 to 20, with room to spare.
   */
  static final int RESERVE = 64;

  /** Linux's table of this process's limits, soft and hard. */
  private static final Path PROC_LIMITS = Path.of("/proc/self/limits");

  private DescriptorBudget() {}

  /** The most descriptors the server can use at once with these settings. */
  static long worstCase(ServerSettings settings) {
    int scripts = settings.scripts().phpCgi().isPresent() ? settings.scripts().maxScripts() : 0;
    int fpmConnections =
        settings.scripts().phpFpm().isPresent() ? settings.scripts().fpmConnections() : 0;
    return (long) PER_CONNECTION * settings.transport().maxConnections()
        + (long) PER_SCRIPT * scripts
        + (long) PER_FPM_CONNECTION * fpmConnections
        + SHED
        + settings.content().keptOpenFiles()
        + RESERVE;
  }

  /**
   * This process's limit on open descriptors (the soft one, which {@code open} and {@code accept}
   * meet), where the platform tells: on Linux from {@code /proc/self/limits}, a file read, since
   * asking JMX loads {@code java.management} and its platform beans, about 10 ms of every start
   * (docs/benchmarks.md, fourteenth session); elsewhere from JMX.
   */
  static OptionalLong processLimit() {
    try {
      OptionalLong fromProc = openFilesLimit(Files.readAllLines(PROC_LIMITS));
      if (fromProc.isPresent()) {
        return fromProc;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no /proc: ask the JVM
    }
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof UnixOperatingSystemMXBean unix
        ? OptionalLong.of(unix.getMaxFileDescriptorCount())
        : OptionalLong.empty();
  }

  /**
   * The soft limit of the {@code Max open files} line of a Linux limits file ({@code Limit, Soft
   * Limit, Hard Limit, Units}); {@link Long#MAX_VALUE} for {@code unlimited}; empty without such a
   * line.
   */
  static OptionalLong openFilesLimit(List<String> limitsFile) {
    for (String line : limitsFile) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+", 2)[0];
        return soft.equals("unlimited")
            ? OptionalLong.of(Long.MAX_VALUE)
            : OptionalLong.of(Long.parseLong(soft));
      }
    }
    return OptionalLong.empty();
  }

  /** A warning for the log when the limit is below the worst case; empty when it is not. */
  static Optional<String> shortfall(ServerSettings settings, OptionalLong limit) {
    long needed = worstCase(settings);
    if (limit.isEmpty() || limit.getAsLong() >= needed) {
      return Optional.empty();
    }
    return Optional.of(
        "This process may open "
            + limit.getAsLong()
            + " files (ulimit -n) but may need "
            + needed
            + " at worst ("
            + PER_CONNECTION
            + " per connection x --max-connections "
            + settings.transport().maxConnections()
            + (settings.scripts().phpCgi().isPresent()
                ? " + "
                    + PER_SCRIPT
                    + " per script x --max-scripts "
                    + settings.scripts().maxScripts()
                : "")
            + (settings.scripts().phpFpm().isPresent()
                ? " + "
                    + PER_FPM_CONNECTION
                    + " per php-fpm connection x --php-fpm-connections "
                    + settings.scripts().fpmConnections()
                : "")
            + " + "
            + SHED
            + " shed + "
            + settings.content().keptOpenFiles()
            + " kept-open files (--open-file-cache) + "
            + RESERVE
            + "): past it, clients get errors. Raise the limit (LimitNOFILE=) or lower"
            + " --max-connections");
  }
}
