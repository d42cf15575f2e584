package dev.mtserver.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a process's open descriptors point, read from {@code /proc/PID/fd} as an operator would
 * ({@code ls -l /proc/PID/fd}): a removed file shows as its path followed by {@code " (deleted)"}.
 */
public final class OpenDescriptors {

  private OpenDescriptors() {}

  /** The targets of {@code pid}'s descriptors that start with {@code path}. */
  public static List<String> under(long pid, Path path) {
    List<String> targets = new ArrayList<>();
    try (DirectoryStream<Path> descriptors =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path descriptor : descriptors) {
        try {
          String target = Files.readSymbolicLink(descriptor).toString();
          if (target.startsWith(path.toString())) {
            targets.add(target);
          }
        } catch (IOException closedMeanwhile) {
          // the process closed it while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return targets;
  }
}
