package dev.mtserver.app.ops;

import dev.mtserver.http.site.admin.ConnectionStats;
import dev.mtserver.http.site.admin.ConnectionStatsSource;
import dev.mtserver.transport.socket.SocketServer;
import dev.mtserver.transport.socket.TransportStats;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The socket transport's counters, as the HTTP module's metrics page reads them. */
public final class TransportStatsSource implements ConnectionStatsSource {

  private final Supplier<SocketServer> server;
  private final BooleanSupplier draining;

  /**
   * @param server the transport; may be asked before it exists (null: zeros)
   * @param draining whether the server has begun to stop
   */
  public TransportStatsSource(Supplier<SocketServer> server, BooleanSupplier draining) {
    this.server = Objects.requireNonNull(server, "server");
    this.draining = Objects.requireNonNull(draining, "draining");
  }

  @Override
  public ConnectionStats connectionStats() {
    SocketServer transport = server.get();
    if (transport == null) {
      return ConnectionStats.NONE;
    }
    TransportStats s = transport.stats();
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
  public long tlsHandshakes() {
    SocketServer transport = server.get();
    return transport == null ? 0 : transport.tlsHandshakes().completed();
  }

  @Override
  public Map<String, Long> tlsHandshakeFailures() {
    SocketServer transport = server.get();
    return transport == null ? Map.of() : transport.tlsHandshakes().failures();
  }

  @Override
  public long perAddressRefusals() {
    SocketServer transport = server.get();
    return transport == null ? 0 : transport.refusedForAddress();
  }

  @Override
  public long quietAccepts() {
    SocketServer transport = server.get();
    return transport == null ? 0 : transport.quietAccepts();
  }

  @Override
  public boolean draining() {
    return draining.getAsBoolean();
  }
}
