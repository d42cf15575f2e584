package dev.mtserver.app.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Looks into an uploads directory the way an operator would: by listing it. */
final class UploadsDirectory {

  private UploadsDirectory() {}

  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Hidden names: the store's temporary files. */
  static List<String> temporaryNames(Path dir) throws IOException {
    return names(dir).stream().filter(n -> n.startsWith(".")).toList();
  }

  static List<String> visibleNames(Path dir) throws IOException {
    return names(dir).stream().filter(n -> !n.startsWith(".")).toList();
  }

  /** Polls until {@code condition} holds for the listing, or the timeout passes. */
  static boolean await(Path dir, Predicate<List<String>> condition, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.test(names(dir))) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.test(names(dir));
  }
}
