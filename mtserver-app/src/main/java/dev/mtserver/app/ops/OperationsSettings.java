package dev.mtserver.app.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server is watched and stopped: the access log, the health and metrics endpoints, and
 * the drain delay. Separate from {@code ServerSettings} because none of it changes what a client
 * gets for a request.
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
    checkArgument(!Objects.requireNonNull(drainDelay, "drainDelay").isNegative(), "drainDelay must not be negative");
  }

  /** For tests and embedding: no access log, both endpoints on, no drain delay. */
  public static OperationsSettings defaults() {
    return new OperationsSettings(AccessLogTarget.off(), true, true, Duration.ZERO);
  }

  public OperationsSettings withAccessLog(AccessLogTarget target) {
    return new OperationsSettings(target, health, metrics, drainDelay);
  }

  public OperationsSettings withEndpoints(boolean healthOn, boolean metricsOn) {
    return new OperationsSettings(accessLog, healthOn, metricsOn, drainDelay);
  }

  public OperationsSettings withDrainDelay(Duration delay) {
    return new OperationsSettings(accessLog, health, metrics, delay);
  }
}
