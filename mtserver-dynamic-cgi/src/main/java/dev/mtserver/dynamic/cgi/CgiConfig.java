package dev.mtserver.dynamic.cgi;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How scripts are run.
 *
 * @param executable the CGI interpreter, such as {@code /usr/bin/php-cgi}
 * @param timeout how long one script may run, from its start to the end of its output; then it is
 *     killed (504 if its header was not complete yet, else the connection is cut)
 * @param maxScripts how many scripts may run at once; past that a request is refused (503)
 * @param spoolDirectory where request bodies wait, on disk, until their script starts
 * @param documentRoot the site root's real path ({@code DOCUMENT_ROOT})
 * @param serverSoftware the server's name and version ({@code SERVER_SOFTWARE})
 */
public record CgiConfig(
    Path executable,
    Duration timeout,
    int maxScripts,
    Path spoolDirectory,
    Path documentRoot,
    String serverSoftware) {

  /** The default per-script time limit, as PHP's own {@code max_execution_time}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The default number of scripts that may run at once. */
  public static final int DEFAULT_MAX_SCRIPTS = 16;

  public CgiConfig {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(timeout, "timeout");
    checkArgument(timeout.isPositive(), "timeout must be positive");
    checkArgument(maxScripts >= 1, "maxScripts must be positive");
    Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    Objects.requireNonNull(documentRoot, "documentRoot");
    Objects.requireNonNull(serverSoftware, "serverSoftware");
  }
}
