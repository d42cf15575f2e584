package dev.mtserver.dynamic.fastcgi;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How scripts are run on php-fpm.
 *
 * @param address where php-fpm listens
 * @param timeout how long one script may take, from the end of its request body to the end of its
 *     output (504 if its header was not complete by then, else the connection is cut); while the
 *     body is still being sent, php-fpm must take each part of it within this time too
 * @param maxConnections how many connections to php-fpm may be open, and so how many scripts may
 *     run at once; keep it at most php-fpm's {@code pm.max_children}: php-fpm binds a worker to
 *     each kept-alive connection
 * @param queueWait how long a request waits for a free connection before it is refused (503)
 * @param spoolDirectory where a request body of unknown length (chunked) waits, past {@value
 *     UnknownLengthBody#MEMORY_BYTES} bytes, until its length is known
 * @param documentRoot the site root's real path ({@code DOCUMENT_ROOT})
 * @param serverSoftware the server's name and version ({@code SERVER_SOFTWARE})
 */
public record FastCgiConfig(
    FastCgiAddress address,
    Duration timeout,
    int maxConnections,
    Duration queueWait,
    Path spoolDirectory,
    Path documentRoot,
    String serverSoftware) {

  /** The default per-script time limit, as PHP's own {@code max_execution_time}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The default pool size: the {@code pm.max_children} of Debian's and PHP's default pool. */
  public static final int DEFAULT_MAX_CONNECTIONS = 5;

  /** The default wait for a free connection: a short burst queues, a flood is refused. */
  public static final Duration DEFAULT_QUEUE_WAIT = Duration.ofMillis(500);

  public FastCgiConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(timeout, "timeout");
    checkArgument(timeout.isPositive(), "timeout must be positive");
    checkArgument(maxConnections >= 1, "maxConnections must be positive");
    Objects.requireNonNull(queueWait, "queueWait");
    checkArgument(!queueWait.isNegative(), "queueWait must not be negative");
    Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    Objects.requireNonNull(documentRoot, "documentRoot");
    Objects.requireNonNull(serverSoftware, "serverSoftware");
  }
}
