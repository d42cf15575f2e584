package dev.mtserver.storage.fs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * File locks as another process sees them: a second JVM runs a one-file program that holds or
 * probes an {@code fcntl} lock. Locks are per process, so a test in this JVM cannot check them on
 * its own.
 */
final class OtherProcessLocks {

  private static final String PROGRAM =
      """
      import java.nio.channels.FileChannel;
      import java.nio.file.Path;
      import java.nio.file.StandardOpenOption;

      public class OtherProcess {
        public static void main(String[] args) throws Exception {
          try (FileChannel channel = FileChannel.open(Path.of(args[1]), StandardOpenOption.WRITE)) {
            if (args[0].equals("probe")) {
              var lock = channel.tryLock();
              System.out.println(lock == null ? "locked" : "free");
              return;
            }
            try (var lock = channel.lock()) {
              System.out.println("locked");
              System.out.flush();
              System.in.read();
            }
          }
        }
      }
      """;

  private final Path program;

  /** Writes the program into {@code scratch}. */
  OtherProcessLocks(Path scratch) throws IOException {
    this.program = Files.writeString(scratch.resolve("OtherProcess.java"), PROGRAM);
  }

  /** "locked" if some process holds a lock on {@code file}, "free" if not. */
  String probe(Path file) throws IOException, InterruptedException {
    Process probe = start("probe", file);
    String answer =
        new BufferedReader(new InputStreamReader(probe.getInputStream(), UTF_8)).readLine();
    if (!probe.waitFor(60, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      throw new IllegalStateException("the probe did not end");
    }
    return answer;
  }

  /**
   * A process that has locked {@code file} (its first line is "locked") and holds the lock until
   * its standard input is closed.
   */
  Process hold(Path file) throws IOException {
    return start("hold", file);
  }

  private Process start(String mode, Path file) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            program.toString(),
            mode,
            file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD) // e.g. "Picked up JAVA_TOOL_OPTIONS"
        .start();
  }
}
