package dev.mtserver.transport.socket;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * What every connection shares with its server: the configuration, whether a graceful shutdown has
 * begun, the request counter, the traffic counters and the {@code TCP_CORK} switch.
 */
record ServingContext(
    TransportConfig config,
    BooleanSupplier drainingFlag,
    LongAdder requests,
    TrafficCounters traffic,
    TcpCork cork) {

  boolean draining() {
    return drainingFlag.getAsBoolean();
  }

  void requestStarted() {
    requests.increment();
  }
}
