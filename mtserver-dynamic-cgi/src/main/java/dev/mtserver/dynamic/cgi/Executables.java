package dev.mtserver.dynamic.cgi;

import com.google.common.base.Splitter;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds and checks the interpreter: what {@code --php-cgi PATH} and {@code --php-cgi auto} need.
 */
public final class Executables {

  /** The interpreter's usual name, looked up on the {@code PATH} by {@code --php-cgi auto}. */
  public static final String PHP_CGI = "php-cgi";

  private Executables() {}

  /** True when {@code file} is a regular file (after links) that this process may execute. */
  public static boolean isExecutableFile(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }

  /**
   * The first executable called {@code name} in the directories of {@code pathVariable} (the {@code
   * PATH} environment variable's value), as an absolute path; empty segments are skipped rather
   * than read as the working directory.
   */
  public static Optional<Path> findOnPath(String name, String pathVariable) {
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String directory :
        Splitter.on(File.pathSeparatorChar).omitEmptyStrings().split(pathVariable)) {
      try {
        Path candidate = Path.of(directory).resolve(name);
        if (candidate.isAbsolute() && isExecutableFile(candidate)) {
          return Optional.of(candidate);
        }
      } catch (InvalidPathException e) {
        // a malformed PATH entry names nothing
      }
    }
    return Optional.empty();
  }
}
