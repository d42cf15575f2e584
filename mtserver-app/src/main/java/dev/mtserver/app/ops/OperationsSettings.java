package dev.mtserver.app.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server is watched and stopped: the access log, the health and metrics endpoints, and the
 * drain delay: the group of {@code ServerSettings} an operator cares about, set through its
 * builder.
 *
 * @param accessLog where the access log goes ({@code --access-log})
 * @param health whether {@code GET /healthz} answers ({@code --healthz})
 * @param metrics whether {@code GET /metrics} answers ({@code --metrics})
 * @param drainDelay on SIGTERM, how long {@code /healthz} reports 503 while the server still
 *     accepts and serves, before it closes its listener ({@code --drain-delay}): time for a load
 *     balancer to notice
 */
public record OperationsSettings(
    AccessLogTarget accessLog, boolean health, boolean metrics, Duration drainDelay) {

  public OperationsSettings {
    Objects.requireNonNull(accessLog, "accessLog");
    checkArgument(
        !Objects.requireNonNull(drainDelay, "drainDelay").isNegative(),
        "drainDelay must not be negative");
  }

  /** For tests and embedding: no access log, both endpoints on, no drain delay. */
  public static OperationsSettings defaults() {
    return new OperationsSettings(AccessLogTarget.off(), true, true, Duration.ZERO);
  }
}
