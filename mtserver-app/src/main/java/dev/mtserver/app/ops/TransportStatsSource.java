package dev.mtserver.app.ops;

import dev.mtserver.http.site.admin.ConnectionStats;
import dev.mtserver.http.site.admin.ConnectionStatsSource;
import dev.mtserver.transport.socket.TransportStats;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The socket transport's counters, as the HTTP module's metrics page reads them. */
public final class TransportStatsSource implements ConnectionStatsSource {

  private final Supplier<TransportStats> stats;
  private final BooleanSupplier draining;

  /**
   * @param stats the transport's counters; may be asked before the transport exists (zeros)
   * @param draining whether the server has begun to stop
   */
  public TransportStatsSource(Supplier<TransportStats> stats, BooleanSupplier draining) {
    this.stats = Objects.requireNonNull(stats, "stats");
    this.draining = Objects.requireNonNull(draining, "draining");
  }

  @Override
  public ConnectionStats connectionStats() {
    TransportStats s = stats.get();
    if (s == null) {
      return ConnectionStats.NONE;
    }
    return new ConnectionStats(
        s.acceptedConnections(),
        s.activeConnections(),
        s.peakConnections(),
        s.refusedConnections(),
        s.abortedConnections(),
        s.bytesReceived(),
        s.bytesSent(),
        s.headerTimeouts(),
        s.bodyTimeouts(),
        s.idleTimeouts(),
        s.writeTimeouts(),
        s.idleClosedForRoom());
  }

  @Override
  public boolean draining() {
    return draining.getAsBoolean();
  }
}
